"""Classic extractive multi-document summarizers, re-implemented from their papers.

Each module exposes ``select(sentences, docs, cost, capacity, **paper_settings) -> list[int]``:

* :mod:`.icsi` -- the ICSI concept ILP (Gillick & Favre 2009), with the released TAC 2009
  system's preparation of the sentences (:mod:`.icsi_prep`; ``icsi.summary``);
* :mod:`.submodular` -- coverage plus diversity, greedy under a budget (Lin & Bilmes 2011);
* :mod:`.klsum` -- greedy KL divergence to the documents' word distribution (Haghighi &
  Vanderwende 2009).
"""

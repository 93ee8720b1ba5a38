"""Articles of the ``stories`` command's tests (tests/cli)."""

from __future__ import annotations

#: Two events reported by several outlets, and one reported once (the hash backend's article
#: vectors: cosine >= 0.75 within an event, <= 0.32 across).
BRIDGE = (
    "The city council approved the new harbour bridge on Monday evening. "
    "The vote was seven to two after a long debate in the council chamber. "
    "Construction of the harbour bridge is expected to start in the spring of next year.",
    "On Monday evening the city council approved the new harbour bridge. "
    "Construction of the bridge is expected to start in the spring of next year. "
    "The council vote was seven to two, after a long debate.",
    "The new harbour bridge was approved by the city council on Monday evening. "
    "Council members voted seven to two after a long debate about the bridge. "
    "Construction is expected to start next spring, the council said.",
)
STORM = (
    "A powerful storm closed the port of Westhaven on Tuesday, stranding dozens of cargo ships. "
    "Port officials said the port would stay closed for at least two days while the storm "
    "winds stay high. "
    "Ferry services to the islands were cancelled until Thursday morning because of the storm.",
    "The port of Westhaven was closed on Tuesday as a powerful storm battered the coast. "
    "Dozens of cargo ships were stranded outside the port, port officials said. "
    "Ferry services to the islands were cancelled until Thursday morning, and the port will "
    "stay closed for two days.",
)
SCHOOL = (
    "Schools across the province reopened on Wednesday after a three-week teachers' strike "
    "ended. The education minister thanked parents for their patience during the dispute. "
    "Teachers will receive a four percent raise over two years under the new agreement.",
)

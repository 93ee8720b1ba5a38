"""A hand-made stream of articles: three events reported by several outlets, and single
reports, interleaved as feeds deliver them."""

from __future__ import annotations

import json

from summarize import Document

BRIDGE = (
    "The city council approved the new harbour bridge on Monday evening. "
    "The vote was seven to two after a long debate in the town hall. "
    "Construction is expected to start in the spring of next year.",
    "The city council approved the new harbour bridge on Monday evening. "
    "Construction is expected to start in the spring of next year. "
    "The mayor called the decision a historic day for the whole region.",
    "The mayor called the decision a historic day for the whole region. "
    "The new harbour bridge was approved by the city council on Monday evening. "
    "Environmental groups said they would study the plans closely before deciding.",
)
QUAKE = (
    "A strong earthquake struck the coastal town of Miravel early on Tuesday morning. "
    "Rescue teams searched collapsed buildings in the old port for survivors. "
    "The regional governor declared a state of emergency for the whole province.",
    "Rescue teams searched collapsed buildings in the old port of Miravel for survivors. "
    "The strong earthquake struck the coastal town early on Tuesday morning. "
    "Hospitals in the province reported dozens of injured people arriving overnight.",
)
STRIKE = (
    "Train drivers across the country began a two day strike over pay on Thursday. "
    "Most regional and intercity trains were cancelled during the walkout. "
    "The rail operator said talks with the drivers union would resume next week.",
    "Most regional and intercity trains were cancelled as train drivers began a strike. "
    "The two day walkout over pay started across the country on Thursday. "
    "Commuters crowded onto buses and shared cars to reach their offices.",
)
LIBRARY = ("The national library opened a new reading room for rare maps and old atlases. "
           "Visitors can book a two hour visit online before coming to the building.")
FESTIVAL = ("A jazz festival in the mountain village drew thousands of visitors this weekend. "
            "Musicians from eleven countries played on three open air stages by the lake.")
COMET = ("Astronomers photographed a bright comet passing close to the planet Jupiter. "
         "The comet will be visible with binoculars in the southern sky until the end of June.")


def stream() -> list[Document]:
    """The stream, in the order the feeds gave it: harbour bridge (three articles, the second
    the closest to the others), earthquake (two, May 1), strike (two, May 2), and three single
    reports (two dated May 2, one undated)."""
    def doc(key: str, text: str, day: str | None) -> Document:
        return Document(text, title=f"Title {key}", id=key, date=day)

    return [
        doc("bridge-1", BRIDGE[0], "2024-05-01"),
        doc("quake-1", QUAKE[0], "2024-05-01"),
        doc("library", LIBRARY, "2024-05-02"),
        doc("bridge-2", BRIDGE[1], "2024-05-01"),
        doc("strike-1", STRIKE[0], "2024-05-02"),
        doc("comet", COMET, None),
        doc("quake-2", QUAKE[1], "2024-05-01"),
        doc("festival", FESTIVAL, "2024-05-02"),
        doc("strike-2", STRIKE[1], "2024-05-02"),
        doc("bridge-3", BRIDGE[2], "2024-05-02"),
    ]

#: The next day: the bridge story goes on, a new event, and a feed item given again.
BRIDGE_NEXT = ("The harbour bridge approved by the city council on Monday will cost more than "
               "planned. Construction is expected to start in the spring of next year. "
               "The mayor called the decision a historic day for the whole region.")
FERRY = (
    "A passenger ferry ran aground near the island of Kessa during a storm on Friday. "
    "All two hundred passengers were taken safely to shore by lifeboats. "
    "The coast guard said the ferry had lost engine power before it hit the rocks.",
    "The coast guard said a passenger ferry lost engine power before running aground near "
    "Kessa. All two hundred passengers were brought safely to shore by lifeboats on Friday. "
    "Investigators will board the ship once the storm has passed.",
)


def next_day() -> list[Document]:
    """The day after :func:`stream`: the bridge story continued, a ferry accident (two
    articles), and the library's article again, as a feed gives it until it drops off."""
    library = stream()[2]
    return [
        Document(FERRY[0], title="Title ferry-1", id="ferry-1", date="2024-05-03"),
        library,
        Document(BRIDGE_NEXT, title="Title bridge-4", id="bridge-4", date="2024-05-03"),
        Document(FERRY[1], title="Title ferry-2", id="ferry-2", date="2024-05-03"),
    ]


def dump(stories: list) -> str:
    """Everything of the stories, as one string (what a renderer may read)."""
    return json.dumps([[s.id, s.headline, list(s.articles), s.status, s.date,
                        s.digest.to_json(indent=None)] for s in stories], ensure_ascii=False)

"""The source rule: every row names a source, and never a banned site.

``source`` names the original publication; ``via`` the copy read, which may be a mirror or
Wikipedia but never a state medium. The banned sites live in one documented constant,
:data:`natokit.data.BANNED_SOURCE_SITES` (the team's list, also in CONTRIBUTING.md).
"""

from __future__ import annotations

import pytest

from natokit.data import BANNED_SOURCE_SITES, DATASETS, banned_sites, load

SOURCED = sorted(n for n in DATASETS if any(c.name == "source" for c in DATASETS[n].columns))


def offending_rows(name: str) -> list[str]:
    table = load(name)
    has_via = "via" in table.columns
    problems = []
    for i, row in table.iterrows():
        line = int(i) + 2  # line 1 is the header
        if not str(row["source"]).strip():
            problems.append(f"line {line}: empty source")
        for fragment in banned_sites(row["source"]):
            problems.append(
                f"line {line}: source cites {fragment} ({BANNED_SOURCE_SITES[fragment]})"
            )
        if has_via:
            for fragment in banned_sites(row["via"], column="via"):
                problems.append(f"line {line}: via cites {fragment} (a state medium)")
    return problems


@pytest.mark.parametrize("name", SOURCED)
def test_no_row_cites_a_banned_site_or_none(name):
    problems = offending_rows(name)
    assert not problems, f"{DATASETS[name].filename}:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "cell, found",
    [
        ("https://tass.com/politics/1", ["tass."]),
        ("https://sputniknews.com/20220628/x.html", ["sputnik"]),
        ("https://ria.ru/20220705/nato.html", ["ria.ru"]),
        ("https://www.rt.com/news/1/", ["rt.com"]),
        ("https://russian.rt.com/world", ["rt.com"]),
        ("https://www.pravda.com.ua/eng/news/1/", ["pravda.com.ua"]),
        ("https://billcolitsas74.blogspot.com/2011/11/x.html", ["blogspot."]),
        ("https://someone.wordpress.com/a", ["wordpress.com"]),
        ("https://medium.com/@x/y", ["medium.com"]),
        ("https://worddisk.com/wiki/Member_states_of_NATO/", ["worddisk"]),
        ("https://www.wikiwand.com/en/NATO", ["wikiwand"]),
        ("https://everything.explained.today/NATO/", ["everything.explained.today"]),
        ("https://en.wikipedia.org/wiki/NATO", ["wikipedia.org"]),
        ("https://censor.net/en/news/3343272/x", ["censor.net"]),
        ("https://bitfinance.news/en/nato", ["bitfinance"]),
        ("https://ipfs.io/ipfs/Qm/wiki/NATO.html", ["ipfs"]),
        # Ukraine's state news agency and broadcaster, by address and in words
        ("Ministry of Defence of Ukraine, 8 Jan 2025 (reported by Ukrinform)", ["ukrinform"]),
        ("https://www.ukrinform.net/rubric-defense/3812345-x.html", ["ukrinform"]),
        ("https://ukrinform.de/amp/rubric-ato/3841789-x.html", ["ukrinform"]),
        ("https://uatv.ua/en/x/", ["uatv"]),
        ("https://menafn.com/1107101400/Ukraine-Estonia (copy of a wire)", ["menafn"]),
        ("https://www.nato.int/cps/en/natohq/topics_49212.htm ; https://tass.com/x", ["tass."]),
        # look-alikes that are not banned
        ("https://www.nato.int/cps/en/natohq/official_texts_196951.htm", []),
        ("https://www.art.com/gallery", []),
        ("https://www.nigeria.ru/x", []),
        ("https://www.defensie.nl/actueel/nieuws/2022/06/16/x", []),
        ("Kamerbrief NAVO-defensieministers 16 juni 2022", []),
        ("https://www.classic.com/x", []),
        ("https://www.mil.gov.ua/en/news/2023/09/19/x/ (Ministry of Defence of Ukraine)", []),
        ("https://kyivindependent.com/x ; https://unn.ua/en/news/x", []),
    ],
)
def test_banned_sites_are_recognised(cell, found):
    assert banned_sites(cell) == found


def test_via_may_name_a_copy_but_never_a_state_medium():
    assert banned_sites("https://en.wikipedia.org/wiki/NATO", column="via") == []
    assert banned_sites("https://www.wikiwand.com/en/NATO", column="via") == []
    assert banned_sites("https://tass.com/world/1", column="via") == ["tass."]
    assert banned_sites("https://sputniknews.com/x", column="via") == ["sputnik"]
    assert banned_sites("https://www.ukrinform.net/x (reported by Ukrinform)", "via") == [
        "ukrinform"
    ]
    assert banned_sites("https://uatv.ua/en/x/", column="via") == ["uatv"]


def test_every_kind_of_banned_site_is_listed():
    kinds = set(BANNED_SOURCE_SITES.values())
    assert {"state medium", "blog", "wiki mirror"} <= kinds
    # The team sheet's list, spot-checked: each of these must be in the constant.
    for fragment in ("tass.", "sputnik", "ria.ru", "rt.com", "worddisk", "menafn", "ipfs"):
        assert fragment in BANNED_SOURCE_SITES


# menafn reprints Ukraine's state wires ("MENAFN- UkrinForm"): as an aggregator it could be a
# `via`, but a copy of a state medium may not stand where the state medium itself may not.
WITH_VIA = [n for n in SOURCED if any(c.name == "via" for c in DATASETS[n].columns)]


@pytest.mark.parametrize("name", WITH_VIA)
def test_no_via_names_menafn_which_reprints_ukrainian_state_wires(name):
    table = load(name)
    lines = [int(i) + 2 for i, via in table["via"].items() if "menafn" in banned_sites(via)]
    assert not lines, f"{DATASETS[name].filename}: via names menafn on lines {lines}"

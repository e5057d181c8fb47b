"""The corpus scorer on tiny hand-made gold and extraction readings: actors by folded name, alias
or near-equal name, one to one; people by name; agreements by their whole party set."""

from __future__ import annotations

from graphsvc.extract.corpus import Reading, gold_reading, score_reading

GOLD = {
    "actors": [
        {"name": "Office Public de l’Habitat du Val", "aliases": ["OPHV"]},
        {"name": "Banque des Territoires", "aliases": []},
        {"name": "Commune de Sainte-Marthe", "aliases": []},
    ],
    "people": [{"name": "Jeanne DURAND"}, {"name": "Paul Martin"}],
    "agreements": [
        {"parties": ["OPHV", "Banque des Territoires"]},
        {"parties": ["Commune de Sainte-Marthe", "Office Public de l’Habitat du Val"]},
    ],
}


def found(**agreements: list[str]) -> Reading:
    return Reading(
        actors={
            "a": {"ophv"},  # the acronym alone
            "b": {"banque des territoire"},  # one letter off
            "c": {"groupe"},  # a fragment: wrong
        },
        people={"p": {"jeanne durand"}, "q": {"monsieur le prefet"}},
        agreements=[frozenset(v) for v in agreements.values()],
    )


def test_actors_match_by_alias_and_near_name_one_to_one() -> None:
    scores = score_reading(found(), gold_reading(GOLD))
    actors = scores["actors"]
    assert (actors.matched, actors.found, actors.expected) == (2, 3, 3)
    assert round(actors.precision, 2) == 0.67 and round(actors.recall, 2) == 0.67


def test_people_match_by_folded_name() -> None:
    people = score_reading(found(), gold_reading(GOLD))["people"]
    assert (people.matched, people.found, people.expected) == (1, 2, 2)


def test_an_agreement_matches_only_with_its_whole_party_set() -> None:
    scores = score_reading(found(one=["a", "b"], two=["a", "c"]), gold_reading(GOLD))
    agreements = scores["agreements"]
    assert (agreements.matched, agreements.found, agreements.expected) == (1, 2, 2)


def test_the_same_agreement_found_twice_counts_once() -> None:
    agreements = score_reading(found(one=["a", "b"], two=["b", "a"]), gold_reading(GOLD))[
        "agreements"
    ]
    assert (agreements.matched, agreements.found) == (1, 2)


def test_an_empty_gold_gives_zero_recall_without_dividing_by_zero() -> None:
    scores = score_reading(Reading(), gold_reading({"actors": [], "agreements": []}))
    assert all(s.recall == 0.0 and s.precision == 0.0 for s in scores.values())


def test_two_found_names_of_one_gold_actor_both_map_for_agreements() -> None:
    gold = gold_reading(
        {
            "actors": [{"name": "Rectorat de Lorvan", "aliases": ["rectorat"]}, {"name": "SIV"}],
            "agreements": [{"parties": ["rectorat", "SIV"]}, {"parties": ["SIV", "rectorat"]}],
        }
    )
    found = Reading(
        actors={"r1": {"rectorat de lorvan"}, "r2": {"rectorat"}, "s": {"siv"}},
        agreements=[frozenset({"r1", "s"}), frozenset({"r2", "s"})],
    )
    scores = score_reading(found, gold)
    assert scores["actors"].matched == 2 and scores["actors"].found == 3
    assert scores["agreements"].matched == 2

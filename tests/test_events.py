"""Control-status events read from text (geoevents.events, geoevents.sentences).

Every text here is written for these tests.
"""
from __future__ import annotations

import pandas as pd
import pytest

from geoevents.errors import PackError
from geoevents.events import EXTRA_EVENT_COLUMNS, events, extract_events
from geoevents.schema import EVENT_COLUMNS, KINDS, STATUSES
from geoevents.sentences import is_junk, split_sentences


@pytest.fixture(scope="session")
def ev():
    """extract_events with the real place finder (the pack loads once)."""
    extract_events("Kabul.", "warm", "2021-08-01")

    def run(text, date="2021-08-15"):
        return extract_events(text, "t", date)

    return run


def facts(rows):
    return [(r["mention"], r["district"] or r["province"], r["status"], r["kind"]) for r in rows]


# ---------------------------------------------------------------- how news says it
@pytest.mark.parametrize(
    "text, date, expected",
    [
        ("Taliban fighters captured Kunduz on Sunday, officials said.", "2021-08-09",
         [("Kunduz", "Kunduz", "taliban", "capture")]),
        ("The city of Ghazni fell to the Taliban on Thursday.", "2021-08-13",
         [("Ghazni", "Ghazni", "taliban", "capture")]),
        ("Mazar-i-Sharif, the largest city in the north, was taken by the Taliban on Saturday.", "2021-08-15",
         [("Mazar-i-Sharif", "Mazari Sharif", "taliban", "capture")]),
        ("Taliban take Kandahar after fierce fighting", "2021-08-13",
         [("Kandahar", "Kandahar", "taliban", "capture")]),
        ("Insurgents overran Pul-e Khumri overnight and now control the city.", "2021-08-10",
         [("Pul-e Khumri", "Puli Khumri", "taliban", "capture"), ("the city", "Puli Khumri", "taliban", "hold")]),
        ("Sharana was handed over to the Taliban without a fight.", "2021-08-14",
         [("Sharana", "Sharan", "taliban", "surrender")]),
        ("Security forces abandoned Yamgan district after days of siege.", "2021-07-05",
         [("Yamgan", "Yamgan (Girwan)", "taliban", "capture")]),
        ("Bazarak and Rokha remain under the control of resistance fighters.", "2021-09-05",
         [("Bazarak", "Bazarak", "resistance", "hold"), ("Rokha", "Rukha", "resistance", "hold")]),
        ("Panjshir is the last province holding out against the Taliban.", "2021-08-30",
         [("Panjshir", "Panjshir", "resistance", "hold")]),
        ("Residents said Panjshir has not fallen.", "2021-09-06",
         [("Panjshir", "Panjshir", "resistance", "hold")]),
        ("Clashes continued in Lashkar Gah on Monday.", "2021-08-03",
         [("Lashkar Gah", "Lashkar Gah", "contested", "fighting")]),
        ("Lashkar Gah is under siege.", "2021-08-05",
         [("Lashkar Gah", "Lashkar Gah", "contested", "fighting")]),
        ("The government denied that Kandahar had fallen.", "2021-08-12",
         [("Kandahar", "Kandahar", "contested", "denial")]),
        ("Government forces retook Kaldar district from the Taliban on Monday.", "2021-07-20",
         [("Kaldar", "Kaldar", "resistance", "retake")]),
        ("The Taliban recaptured Banu on Saturday.", "2021-08-23",
         [("Banu", "Andarab", "taliban", "retake")]),
        ("Ghazni and Kandahar fell on Thursday, while fighting raged in Herat.", "2021-08-13",
         [("Ghazni", "Ghazni", "taliban", "capture"), ("Kandahar", "Kandahar", "taliban", "capture"),
          ("Herat", "Hirat", "contested", "fighting")]),
        ("Kandahar city is still in government hands despite heavy fighting on its outskirts.", "2021-08-10",
         [("Kandahar", "Kandahar", "resistance", "hold")]),
        ("Taliban fighters hoisted their white flag over the governor's office in Ghazni on Thursday.", "2021-08-13",
         [("Ghazni", "Ghazni", "taliban", "capture")]),
        ("The Taliban laid siege to Lashkar Gah.", "2021-08-05",
         [("Lashkar Gah", "Lashkar Gah", "contested", "fighting")]),
        ("In the north, the Taliban now hold most of Balkh province, though Mazar-i-Sharif remains in government hands.",
         "2021-08-12", [("Balkh", "Balkh", "contested", "hold"), ("Mazar-i-Sharif", "Mazari Sharif", "resistance", "hold")]),
    ],
)
def test_statements(ev, text, date, expected):
    assert facts(ev(text, date)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Officials warned that Kabul could fall within weeks.",            # hypothetical
        "If Kandahar falls, the road to the capital will be open.",
        "Kunduz was captured twice in the past by the insurgents.",       # history
        "Twenty years ago the Taliban captured Bamyan.",
        "The Taliban's capture of Kunduz in 2015 was brief.",
        "Hundreds of families fled Kunduz for Kabul.",                    # destinations, not holders
        "President Ghani flew to Mazar-i-Sharif to rally its defenders.",
        "The group now controls 65 percent of Afghanistan.",              # the country is not a region
        "Sign up to receive our newsletter about Kabul and Herat.",       # page furniture
        "JUST IN: Taliban seize Kandahar",
        "Fighters rest in Panjshir after the Taliban took Kabul (Image: GETTY)",
        "The Taliban rejected the casualty figures given for Kunduz.",    # a denial not about control
        "US troops left Bagram airbase in Parwan on Friday.",             # foreign forces are neither side
        "Prices fell sharply in Kabul's markets.",                        # other senses of the words
        "Women in Herat took to the streets to demand the right to work.",
        "Farmers in Helmand said the fighting had ruined the harvest last year.",
        "The Taliban took power in Kabul in 1996 and ruled until 2001.",
    ],
)
def test_no_statement(ev, text):
    assert ev(text) == []


def test_containers_are_not_held_places(ev):
    rows = ev("The Taliban captured Nijrab district in Kapisa province on Tuesday.", "2021-07-21")
    assert facts(rows) == [("Nijrab", "Nijrab", "taliban", "capture")]
    assert rows[0]["province"] == "Kapisa" and rows[0]["date"] == "2021-07-20"
    rows = ev("Taliban fighters seized Khash Rod and Chakhansur districts in Nimroz.", "2021-06-22")
    assert [r["mention"] for r in rows] == ["Khash Rod", "Chakhansur"]


def test_anaphors_resolve_to_the_place_they_refer_back_to(ev):
    rows = ev("Zaranj is the capital of Nimroz province. The city fell to the Taliban on Friday.", "2021-08-07")
    assert facts(rows) == [("The city", "Zaranj", "taliban", "capture")]
    text = 'Resistance fighters are dug in across the Panjshir valley. "We are in control of the entire valley," one said.'
    rows = ev(text, "2021-09-01")
    # (fighters dug in across the valley hold it too)
    assert facts(rows) == [("Panjshir", "Panjshir", "resistance", "hold"), ("the entire valley", "Panjshir", "resistance", "hold")]
    assert text[rows[1]["start"]:rows[1]["end"]] == "the entire valley"


def test_list_sentence_inherits_the_previous_cue(ev):
    rows = ev("Several districts fell to the Taliban overnight. The districts include Khash Rod and Chakhansur.", "2021-06-22")
    assert facts(rows) == [("Khash Rod", "Khash Rod", "taliban", "capture"), ("Chakhansur", "Chakhansur", "taliban", "capture")]


def test_claims_denials_and_hedges(ev):
    rows = ev("The Taliban claimed to have captured Panjshir, but the resistance denied it.", "2021-09-06")
    assert [(r["status"], r["kind"], r["confirmed"]) for r in rows] == [
        ("taliban", "claim", False), ("contested", "denial", True)]
    # one side's word about itself, and hedged reports, are kept but not confirmed
    assert [r["confirmed"] for r in ev("A Taliban spokesman said the group had seized Farah city.")] == [False]
    assert [r["confirmed"] for r in ev("Taliban fighters have reportedly seized Herat.")] == [False]
    assert [r["confirmed"] for r in ev("Kunduz has fallen, a provincial council member told reporters.")] == [True]
    # a place-less denial speaks of the place under discussion; its words stand as the mention
    text = "The Taliban said they had taken Panjshir. There were conflicting reports."
    rows = ev(text, "2021-09-06")
    assert [(r["mention"], r["province"], r["status"], r["kind"]) for r in rows] == [
        ("Panjshir", "Panjshir", "taliban", "capture"), ("conflicting reports", "Panjshir", "contested", "denial")]
    assert all(text[r["start"]:r["end"]] == r["mention"] for r in rows)


def test_dates_of_events(ev):
    rows = ev("The Taliban seized Kabul on August 15. Fighting continues in the Panjshir valley.", "2021-09-06")
    assert [(r["mention"], r["date"]) for r in rows] == [("Kabul", "2021-08-15"), ("Panjshir", "2021-09-06")]
    # no date in the text and none given: null
    assert [r["date"] for r in extract_events("Taliban fighters captured Kunduz.", "t", None)] == [None]


def test_event_rows_follow_the_contract(ev):
    text = "Afghan pilots left before the Taliban seized Kabul on August 15."
    rows = ev(text, "2021-09-06")
    assert len(rows) == 1
    r = rows[0]
    assert list(r) == EVENT_COLUMNS + EXTRA_EVENT_COLUMNS
    assert text[r["start"]:r["end"]] == r["mention"] == "Kabul"
    assert r["status"] in STATUSES and r["kind"] in KINDS + ("claim", "denial", "retake", "surrender")
    assert r["sentence"] == text and r["source"] == "text" and r["province_code"] == "AF-KAB"
    assert r["actor"] == "taliban" and r["level"] == "city"


def test_events_frame_from_documents():
    docs = pd.DataFrame({
        "id": ["a", "b", "c"],
        "text": ["Taliban fighters captured Kunduz on Sunday.", "Nothing happened here.", ""],
        "date": ["2021-08-09", None, None],
        "url": ["https://example.org/a", None, None],
        "title": ["Kunduz falls", None, None],
    })
    ev = events(docs)
    assert ev.attrs["geoevents"] == "events"
    assert list(ev.columns) == EVENT_COLUMNS + EXTRA_EVENT_COLUMNS + ["geometry"]
    assert ev.crs.to_epsg() == 4326
    assert ev[["doc", "mention", "status", "date", "url", "title"]].values.tolist() == [
        ["a", "Kunduz", "taliban", "2021-08-08", "https://example.org/a", "Kunduz falls"]]
    assert ev.geometry.iloc[0].geom_type == "Point"
    empty = events("Nothing to see.")
    assert len(empty) == 0 and list(empty.columns) == EVENT_COLUMNS + EXTRA_EVENT_COLUMNS + ["geometry"]


def test_places_can_be_given():
    """events() consumes place rows (e.g. computed once for both places and events)."""
    text = "The militants took Qarabagh on Friday."
    place = {"doc": "x", "mention": "Qarabagh", "start": 19, "end": 27, "name": "Qarabagh", "level": "district",
             "country": "AF", "province": "Ghazni", "province_code": "AF-GHA", "district": "Qarabagh",
             "lat": 33.2, "lon": 68.1, "score": 0.9}
    ev = events(pd.DataFrame({"id": ["x"], "text": [text], "date": ["2021-08-01"]}), places=[place])
    assert ev[["mention", "district", "status", "date"]].values.tolist() == [["Qarabagh", "Qarabagh", "taliban", "2021-07-30"]]
    # a foreign place (no province) is never an event
    foreign = dict(place, country="UZ", province=None, province_code=None, district=None)
    assert len(events(pd.DataFrame({"id": ["x"], "text": [text], "date": ["2021-08-01"]}), places=[foreign])) == 0


# ---------------------------------------------------------------- sentences and junk
def test_split_sentences_keeps_offsets_and_abbreviations():
    text = "Kabul fell on Aug. 15. The U.S. left.\nHEADLINE WITHOUT STOP\n\n“It is over,” he said. Then silence!"
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["Kabul fell on Aug. 15.", "The U.S. left.", "HEADLINE WITHOUT STOP",
                                       "“It is over,” he said.", "Then silence!"]
    assert all(text[s.start:s.end] == s.text for s in sents)
    assert [s.heading for s in sents] == [False, False, True, False, False]


@pytest.mark.parametrize(
    "line, junk",
    [
        ("Resistance fighters on patrol in the valley (Image: GETTY)", True),
        ("Sign up to receive our rundown of the day's top stories direct to your inbox", True),
        ("JUST IN: Minister resigns over evacuation", True),
        ("SEE ALSO: Women journalists give up work", True),
        ("Taliban declare new ally - inside the relationship [ANALYSIS]", True),
        ("https://example.org/story/123", True),
        ("Northern city taken by Taliban | Photo Credit: REUTERS", True),
        ("The Taliban seized the city on Sunday.", False),
        ("Taliban captures Logar province in Afghanistan", False),
    ],
)
def test_junk(line, junk):
    assert is_junk(line) is junk


# ---------------------------------------------------------------- generalisation (own texts, one rule each)
def statuses(rows):
    """{district or province: status} of the rows (last one wins)."""
    return {r["district"] or r["province"]: r["status"] for r in rows}


@pytest.mark.parametrize(
    "text, expected",
    [
        # one verb shared by a list, and sequels of a run of captures
        ("Farah, Qalat and Tirinkot went first.", {"Farah": "taliban", "Qalat": "taliban", "Tirin Kot": "taliban"}),
        ("Baraki Barak was handed to the Taliban in May. Charkh followed.", {"Baraki Barak": "taliban", "Charkh": "taliban"}),
        ("Khost, near the border, had gone a day earlier.", {"Khost(Matun)": "taliban"}),
        ("The insurgents seized three crossings: Torghundi, Islam Qala and Zaranj.",
         {"Koshk": "taliban", "Kohsan": "taliban", "Zaranj": "taliban"}),
        ("Garmsir and Nad Ali, where British troops patrolled for years, were surrendered to the insurgents.",
         {"Garmser": "taliban", "Nad Ali": "taliban"}),
        ("Gardez and Sharana had been surrendered, along with Asadabad.",
         {"Gardiz": "taliban", "Sharan": "taliban", "Asadabad": "taliban"}),
        ("The Taliban had overrun eight districts in the past week, including Khwahan and Shighnan.",
         {"Khwahan": "taliban", "Shighnan": "taliban"}),
        # passive and state predicates
        ("Sheberghan was lost to the insurgents on Friday.", {"Shibirghan": "taliban"}),
        ("Taloqan is now under Taliban control.", {"Taluqan": "taliban"}),
        ("The militants, who have held Aybak since June, patrol the bazaar.", {"Aybak": "taliban"}),
        ("Mazar-i-Sharif has held for weeks against the offensive.", {"Mazari Sharif": "resistance"}),
        ("Bamyan remains free, its governor says.", {"Bamyan": "resistance"}),
        ("That leaves Daikundi as the only province not controlled by the insurgents.", {"Daykundi": "resistance"}),
        ("The Taliban control the districts around the city, including Dehdadi and Nahri Shahi.",
         {"Dihdadi": "taliban", "Nahri Shahi": "taliban"}),
        ("Herat, which officials insist will not fall, is calm.", {"Hirat": "resistance"}),
        # fighting without a capture verb
        ("Ghazni has been fought over street by street.", {"Ghazni": "contested"}),
        ("Farah was also under attack on Monday.", {"Farah": "contested"}),
    ],
)
def test_generalised_control_phrasing(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


@pytest.mark.parametrize(
    "text, absent",
    [
        # movement is not control
        ("Officials had withdrawn to Zaranj by nightfall.", "Zaranj"),
        ("Soldiers were forced back towards Charikar.", "Chaharikar"),
        # the speaker or the place of utterance is not a held place
        ("Kabul says fighting continues in Khost.", "Kabul"),
        ("The ministry in Kabul said Taloqan had fallen.", "Kabul"),
        ("Officials gave a news conference in Kabul after Ghazni fell.", "Kabul"),
        ("Kunduz fell despite announcements by Kabul that it would be defended.", "Kabul"),
        ("The Taliban took Maidan Shahr, on the highway linking Kabul with the south.", "Kabul"),
        ("Residents who fled to Kabul said the district had been taken.", "Kabul"),
        # hypotheticals, history, pre-fall state, denied evidence
        ("Its fall would be a blow to the government.", None),
        ("Herat was one of the provinces not controlled by the Taliban when they ruled in the 1990s.", "Hirat"),
        ("In the 2000s, soldiers fought for years in Sangin.", "Sangin"),
        ("There was no sign that the insurgents had entered Faizabad.", "Fayzabad"),
        ("Taloqan fell on Sunday. The city was the last in the north not yet in Taliban hands.", None),
    ],
)
def test_not_control(ev, text, absent):
    rows = ev(text)
    if absent is None:
        assert all(r["status"] != "resistance" for r in rows), facts(rows)
    else:
        assert absent not in statuses(rows), facts(rows)


def test_recipient_of_a_handover_holds_it(ev):
    got = statuses(ev("Foreign troops handed over Bagram Airfield to Afghan forces."))
    assert got.get("Bagram") == "resistance"
    got = statuses(ev("The governor handed over Qalat to the Taliban."))
    assert got.get("Qalat") == "taliban"


def test_cues_stay_in_their_clause_and_place(ev):
    # a participle clause speaks of its own place
    got = statuses(ev("Khanabad and Imam Sahib followed in July, leaving Kunduz encircled."))
    assert got["Khanabad"] == "taliban" and got["Imam Sahib"] == "taliban" and got["Kunduz"] == "contested"
    # "X's fall" is about X only
    got = statuses(ev("Shots were fired in Kabul as rumours of Bamyan's fall spread."))
    assert "Kabul" not in got
    # "after weeks of fighting in A" is background to the capture
    got = statuses(ev("The fall of Zaranj comes after weeks of fighting in Farah."))
    assert got.get("Zaranj") == "taliban" and "Farah" not in got


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Taloqan is the third capital to fall this week, after Kunduz.", {"Taluqan": "taliban", "Kunduz": "taliban"}),
        ("Residents of Ghazni said clashes continued on Monday.", {"Ghazni": "contested"}),
        ("Taliban flags were raised over the district offices in Khanabad.", {"Khanabad": "taliban"}),
        ("A Taliban governor was installed in Bazarak on Friday.", {"Bazarak": "taliban"}),
        ("Resistance fighters are still present in Rukha.", {"Rukha": "resistance"}),
        ("Through May and June the Taliban took Spin Boldak.", {"Spin Boldak": "taliban"}),
        ("The insurgents now control all five districts of the province, from Dara in the north to Rukha in the south.",
         {"Dara": "taliban", "Rukha": "taliban"}),
    ],
)
def test_more_generalised_phrasing(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


@pytest.mark.parametrize(
    "text, absent",
    [
        ("People in Kunduz told reporters there was no fighting.", "Kunduz"),
        ("Saleh is reported to have left Bazarak.", "Bazarak"),
        ("The Taliban close in on Charikar.", "Chaharikar"),
        ("Ghazni fell on Friday. Chahar Dara followed, leaving the provincial capital encircled.", "Kunduz"),
    ],
)
def test_more_not_control(ev, text, absent):
    assert absent not in statuses(ev(text))


def test_pluperfect_fighting_after_a_stated_holder_is_background(ev):
    got = statuses(ev("Qalat is now under Taliban control. Soldiers had been fighting in the city for two weeks."))
    assert got["Qalat"] == "taliban"


def test_a_coordinate_after_a_relative_clause_shares_the_main_verb(ev):
    got = statuses(ev("The Taliban entered Farah, where the governor surrendered, as well as Zaranj in the south-west."))
    assert got.get("Farah") == "taliban" and got.get("Zaranj") == "taliban"
    assert "Hirat" not in statuses(ev("Kunduz fell, as well as prices in Herat."))


def test_patrols_and_announced_lists(ev):
    assert statuses(ev("Taliban fighters were seen patrolling the streets of Maimana."))["Maymana"] == "taliban"
    got = statuses(ev("The insurgents say they have seized two districts in Helmand: Sangin and Musa Qala."))
    assert got.get("Sangin") == "taliban" and got.get("Musa Qala") == "taliban", got
    # a dash after a full statement is not a list of its objects
    got = statuses(ev("The fall of Kunduz means that only two cities — Herat and Ghazni — remain in government hands."))
    assert got.get("Hirat") == "resistance" and got.get("Ghazni") == "resistance", got


def test_relative_where_clause_speaks_of_the_last_place(ev):
    got = statuses(ev("Kabul has sent reinforcements to Farah, where fighting continues."))
    assert got.get("Farah") == "contested" and "Kabul" not in got


def test_repelling_an_attack_keeps_the_place(ev):
    assert statuses(ev("In Maimana, government forces repelled an attack overnight."))["Maymana"] == "resistance"
    assert statuses(ev("Troops pushed back the insurgents in Farah after clashes."))["Farah"] == "contested"


def test_negated_fighting_and_whole_province_statements(ev):
    assert "Balkh" not in statuses(ev("The old town of Balkh was not affected by fighting, residents said."))
    got = statuses(ev("Clashes hit Ghor. The Taliban now control all ten districts of the province."))
    assert got.get("Ghor") == "taliban"
    # a province named only as where districts are stays a container
    assert "Badakhshan" not in statuses(ev("The Taliban captured two districts of Badakhshan."))


def test_holds_since_a_past_year_last_until_now(ev):
    assert statuses(ev("Musa Qala has been under Taliban control since 2019."))["Musa Qala"] == "taliban"
    assert "Kunduz" not in statuses(ev("Kunduz was captured in 2015."))
    assert statuses(ev("Taliban fighters now control nearly all of Helmand province."))["Helmand"] == "taliban"


def test_struggles_for_control_and_losses(ev):
    assert statuses(ev("Rival forces are battling for control of Qalat."))["Qalat"] == "contested"
    assert statuses(ev("Troops are struggling to hold Farah."))["Farah"] == "contested"
    assert statuses(ev("The front line now runs through Zhari."))["Zhari"] == "contested"
    assert statuses(ev("Afghan forces have lost Maimana."))["Maymana"] == "taliban"
    assert "Hirat" not in statuses(ev("The army has lost 20 soldiers in Herat."))


def test_based_in_a_place_is_not_holding_it(ev):
    got = statuses(ev("Herat-based officials said fighting continued in Farah."))
    assert got.get("Farah") == "contested" and "Hirat" not in got


def test_passive_expulsion_and_encirclement(ev):
    # the side pushed out is the loser: never its capture
    assert statuses(ev("The insurgents were pushed out of Maimana."))["Maymana"] != "taliban"
    assert statuses(ev("Farah city is surrounded by the Taliban."))["Farah"] == "contested"


def test_the_main_verb_after_a_siege_is_the_outcome(ev):
    assert statuses(ev("Qalat, besieged for weeks, fell on Sunday."))["Qalat"] == "taliban"
    got = statuses(ev("Qalat is besieged and Ghazni fell."))
    assert got["Qalat"] == "contested" and got["Ghazni"] == "taliban"


# ---------------------------------------------------------------- generalising vocabulary (held-out lessons)
@pytest.mark.parametrize(
    "text, expected",
    [
        # pluperfect passives, giving up, abandoning
        ("The provinces of Logar and Wardak had been taken the previous day.", {"Logar": "taliban", "Wardak": "taliban"}),
        ("Sharana and Gardez had all been abandoned without a fight.", {"Sharan": "taliban", "Gardiz": "taliban"}),
        ("Zaranj was given up after talks with tribal elders.", {"Zaranj": "taliban"}),
        ("Ghor was given up within days.", {"Ghor": "taliban"}),
        # state predicates: run by, rule, in the group's hands, armed men stand in a place
        ("Islam Qala has been run by the insurgents since July.", {"Kohsan": "taliban"}),
        ("In Alasay the militants have run the valley for a decade.", {"Alasay": "taliban"}),
        ("Logar, Paktia and Paktika are all under Taliban rule.", {"Logar": "taliban", "Paktia": "taliban", "Paktika": "taliban"}),
        ("The southern provinces of Helmand and Zabul are in the group's hands.", {"Helmand": "taliban", "Zabul": "taliban"}),
        ("Witnesses say the group's fighters are in Charikar.", {"Chaharikar": "taliban"}),
        ("Only Panjshir remains outside Taliban control.", {"Panjshir": "resistance"}),
        ("Hundreds of soldiers surrendered in Taloqan overnight.", {"Taluqan": "taliban"}),
        # a list after the predicate
        ("The only towns still held by the government are Herat, Jalalabad and Charikar.",
         {"Hirat": "resistance", "Jalalabad": "resistance", "Chaharikar": "resistance"}),
        # fighting in a neighbouring place is fighting there
        ("Clashes were reported in neighbouring Jalrez on Monday.", {"Jalrez": "contested"}),
    ],
)
def test_generalised_vocabulary(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


@pytest.mark.parametrize(
    "text, absent",
    [
        # a destination of a flight, the seat of a ministry
        ("Kandahar fell overnight; its governor was flown to Kabul.", "Kabul"),
        ("The interior ministry in Kabul rejected the claim that Kunduz had fallen.", "Kabul"),
        # no fighting
        ("Nili was spared fighting.", "Nili"),
        ("Tribal elders in Nili said there had been no fighting.", "Nili"),
    ],
)
def test_generalised_not_control(ev, text, absent):
    assert absent not in statuses(ev(text)), facts(ev(text))


def test_without_any_fighting_is_a_handover_not_a_fight(ev):
    got = statuses(ev("Officials handed over Sharana without any fighting."))
    assert got.get("Sharan") == "taliban"


def test_elliptical_as_are_repeats_the_predicate(ev):
    got = statuses(ev("Nili is among the districts now run by the Taliban, as are Shahristan and Miramor."))
    assert got == {"Nili": "taliban", "Shahristan": "taliban", "Miramor": "taliban"}


def test_pluperfect_relative_clause_is_background_to_the_main_clause(ev):
    got = statuses(ev("Nili, which had held out for weeks, is now run by the Taliban."))
    assert got == {"Nili": "taliban"}


def test_briefly_taken_places_are_back_with_the_other_side(ev):
    assert statuses(ev("Militias had briefly taken Charikar on Monday.")) == {"Chaharikar": "taliban"}
    got = statuses(ev("Kahmard, which the militias also briefly took, was recaptured by the Taliban on Sunday."))
    assert got == {"Kahmard": "taliban"}


def test_a_city_named_like_its_province_does_not_contain_the_next_province(ev):
    got = statuses(ev("In the south, Farah, Nimroz and Ghor fell during the same week."))
    assert got.get("Nimruz") == "taliban" and got.get("Ghor") == "taliban"


@pytest.mark.parametrize(
    "text, places",
    [
        ("A Taliban spokesman says the group's fighters have captured Rukha district. "
         "A spokesman for the NRF has flatly rejected this.", ["Rukha"]),
        ("The Taliban's media office spokesman says its men have taken Rukha and Dara districts. "
         "The NRF rejected the claim as lies.", ["Rukha", "Dara"]),
        ("Resistance commanders say they still control large parts of Dara district. Taliban statements claim the opposite.",
         ["Dara"]),
    ],
)
def test_a_denial_in_the_next_sentence_contests_every_claimed_place(ev, text, places):
    got = statuses(ev(text))
    for place in places:
        assert got.get(place) == "contested", (place, got)


def test_a_confirmed_statement_is_not_contested_by_an_unrelated_denial(ev):
    got = statuses(ev("Rukha fell to the Taliban on Monday, residents confirmed. The group denied it had killed civilians."))
    assert got.get("Rukha") == "taliban"


@pytest.mark.parametrize(
    "text, expected",
    [
        # an advance that reaches the edge of a place contests it; what happens "on the outskirts" does not
        ("Heavy fighting has spread overnight to the outskirts of Maimana.", {"Maymana": "contested"}),
        ("Taliban reach edge of Maimana", {"Maymana": "contested"}),
        ("The insurgents were reported to have reached the outskirts of Sheberghan.", {"Shibirghan": "contested"}),
        ("Clashes are still underway on the outskirts of Maimana.", {"Maymana": None}),
        ("Soldiers were battling the insurgents in Chahar Bolak.", {"Chahar Bolak": "contested"}),
        # "the provincial capital" is the capital of the province in question
        ("In Badghis, the Taliban took Qadis and then entered the provincial capital.",
         {"Qadis": "taliban", "Qala-I- Naw": "taliban"}),
        # a second verb of the same subject does not reach the places of the first
        ("The insurgents captured Nad Ali, including Marja, and are now fighting on the edge of the provincial capital.",
         {"Nad Ali": "taliban"}),
        # a relative "where" after an apposition takes the head place
        ("The Taliban moved on Farah, a town on the road to Herat, where clashes were reported.",
         {"Farah": "contested", "Hirat": None}),
        ("Officials fled to Herat, where fighting continued.", {"Hirat": "contested"}),
    ],
)
def test_fighting_edges_capitals_and_where(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a repelled attack: the defenders hold the place
        ("A Taliban attack on Andkhoy was repelled.", {"Andkhoy": "resistance"}),
        ("An attack on Andkhoy was repelled by the militants.", {"Andkhoy": "taliban"}),
        ("In Farkhar, hundreds of local men have pushed back Taliban attacks.", {"Farkhar": "resistance"}),
        ("Lawmakers said Farkhar needs more troops to push back Taliban attacks.", {"Farkhar": None}),
        # a sequel verb after a long apposition
        ("By Tuesday Pol-e Khomri, the capital of the province and a crossroads on the main road north, had followed.",
         {"Puli Khumri": "taliban"}),
        # "as well as in the centres of ..." shares the predicate
        ("Witnesses say the group's fighters are in Bazarak, the provincial capital, as well as in the centres of Rukha and Paryan.",
         {"Bazarak": "taliban", "Rukha": "taliban", "Paryan": "taliban"}),
        # reaching a place is movement, unless it is fighting that reaches it
        ("Residents who have reached Kabul say the group's fighters are in Bazarak.", {"Kabul": None, "Bazarak": "taliban"}),
        ("Fighting had reached Jurm and Baharak districts.", {"Jurm": "contested", "Baharak": "contested"}),
        # questions and history state nothing
        ("Who controls Khinjan now?", {"Khinjan": None}),
        ("Soldiers fought for years in the valleys of Kunar.", {"Kunar": None}),
    ],
)
def test_repelled_sequels_questions_and_movement(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


@pytest.mark.parametrize(
    "text, expected",
    [
        # "the city" after a place named since the last event means that place ...
        ("Kunduz fell to the Taliban on Sunday. Readers have asked about Ghazni. The city fell on Thursday.",
         {"Kunduz": "taliban", "Ghazni": "taliban"}),
        # ... unless it was only a landmark, or the sentence went on about the place under discussion
        ("Kunduz fell on Sunday. It lies on the road to the capital, Kabul. The fall of the city is a blow.",
         {"Kunduz": "taliban", "Kabul": None}),
        ("Kunduz fell on Sunday. The governor drove towards Kabul. The city is now quiet and under Taliban control.",
         {"Kunduz": "taliban", "Kabul": None}),
        # "both", "all three": the last list of that many places
        ("Officials insisted that Kunduz and Takhar would be defended. Both fell within days.",
         {"Kunduz": "taliban", "Takhar": "taliban"}),
        ("Militias briefly held Banu, Deh Salah and Puli Hisar. On Monday the Taliban recaptured all three.",
         {"Andarab": "taliban", "Dih Salah": "taliban", "Puli Hisar": "taliban"}),
        ("Kunduz and Takhar were quiet. Both sides claim to control Herat.", {"Kunduz": None, "Takhar": None}),
    ],
)
def test_coreference_to_recent_places_and_lists(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


def test_dated_lines_under_a_heading_about_falls(ev):
    text = ("The capital fell on Sunday.\n\nHOW THE NORTH WAS TAKEN\nAug 6 - Zaranj (Nimroz)\n"
            "Aug 8 - Kunduz, Sar-e-Pul, Taloqan\n\nRelated coverage")
    rows = ev(text)
    got = {(r["district"], r["status"], r["date"]) for r in rows}
    assert ("Zaranj", "taliban", "2021-08-06") in got
    assert {("Kunduz", "taliban", "2021-08-08"), ("Sari Pul", "taliban", "2021-08-08"),
            ("Taluqan", "taliban", "2021-08-08")} <= got
    assert "Nimruz" not in statuses(rows)  # the bracket only locates Zaranj


@pytest.mark.parametrize("heading", ["Schedule of visits", "Cities the army retook", "Officials said the towns fell."])
def test_dated_lines_need_a_heading_about_falls(ev, heading):
    rows = ev(f"{heading}\nAug 6 - Zaranj\nAug 8 - Kunduz, Taloqan\n")
    assert not any(r["sentence"].startswith("Aug") for r in rows), facts(rows)


def test_common_words_are_cue_words_only_in_their_construction(ev):
    # "run" and "fighters" alone do not make a sentence worth reading; "run by" and "fighters are in" do
    assert ev("Food stocks in Kunduz could run out within weeks.") == []
    assert statuses(ev("Kunduz has been run by the insurgents since June.")) == {"Kunduz": "taliban"}


@pytest.mark.parametrize(
    "text, expected",
    [
        # the main clause is the state as of the report; a relative clause or apposition is background
        ("Qala-i-Naw, which commandos recaptured last month, is again under Taliban control.", {"Qala-I- Naw": "taliban"}),
        ("Mazar-i-Sharif, the last big city in the north still held by the government, fell to the Taliban on Saturday.",
         {"Mazari Sharif": "taliban"}),
        # a denial of a charge (killings, a deal) is not a denial that a place changed hands
        ("Civilians were killed in Banu after the Taliban re-entered the town, claims the group denied.", {"Andarab": "taliban"}),
        ("Kunduz fell on Sunday. Officials accused the governor of a deal to hand over the city, a charge his aides denied.",
         {"Kunduz": "taliban"}),
    ],
)
def test_main_clause_wins_and_denials_of_charges(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Troops retreated from their bases in Badakhshan province overnight.", {"Badakhshan": None}),
        ("Soldiers at outposts near Sheberghan said they had not been paid before the city fell on Saturday.",
         {"Shibirghan": "taliban"}),
        ("In Sancharak a local commander says his men are still holding the district centre. "
         "Taliban statements claim the opposite.", {"Sangcharak": "contested"}),
    ],
)
def test_posts_in_a_province_landmark_antecedents_and_counter_claims(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


def test_origins_are_not_what_the_city_refers_to(ev):
    text = ("The army drove the insurgents out of Qala-i-Naw on Thursday. Reinforcements were flown in from Herat.\n\n"
            "Farmers returned to Bala Murghab.\n\nA Taliban spokesman said the fighters had left the city.")
    assert "Hirat" not in statuses(ev(text))


def test_a_negated_hold_without_a_place_says_nothing_of_the_topic(ev):
    got = statuses(ev("Qadis fell to the Taliban on Monday. Not a single district centre is in government hands."))
    assert got == {"Qadis": "taliban"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Taliban said they also held Rukha district.", {"Rukha": "taliban"}),
        ("Officials held talks in Kabul on Monday.", {"Kabul": None}),
        ("The insurgents held the rest of Herat by the evening.", {"Hirat": "taliban"}),
        ("Fighters gathered in Jabal Saraj, the Parwan town at the mouth of the valley, which they took in August.",
         {"Jabalussaraj": "taliban", "Parwan": None}),
    ],
)
def test_held_the_rest_and_appositions_before_which(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Taliban overran ten districts, including Ishkashim and Khwahan along the river, "
         "as well as the remote Wakhan corridor.", {"Ishkashiem": "taliban", "Khwahan": "taliban", "Wakhan": "taliban"}),
        ("Clashes were reported near the airport, which is in the neighbouring district of Guzara, and in Injil district.",
         {"Guzara": "contested", "Injil": "contested"}),
        ("The Taliban took the airport, which is in Guzara.", {"Guzara": None}),
    ],
)
def test_noun_phrase_continuations_and_locating_relatives(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Taliban control the districts surrounding Mazar-i-Sharif, including Sholgara and Chimtal.",
         {"Mazari Sharif": None, "Sholgara": "taliban", "Chimtal": "taliban"}),
        ("Heavy clashes continued in the villages around Kandahar.", {"Kandahar": None}),
        ("Badakhshan had never been fully taken by the Taliban, even during their 1996-2001 rule.", {"Badakhshan": None}),
    ],
)
def test_places_around_a_city_and_history(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Police gave up Khwahan without resistance.", {"Khwahan": "taliban"}),
        ("The government gave up hope of holding Kunduz.", {"Kunduz": None}),
        ("Government forces repelled a Taliban assault on Gereshk.", {"Nahri Sarraj": "resistance"}),
        ("Security forces pushed back the attackers in Gereshk.", {"Nahri Sarraj": "resistance"}),
        ("Taliban attacks on Gereshk were repulsed overnight.", {"Nahri Sarraj": "resistance"}),
    ],
)
def test_giving_up_and_repelling_variants(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ghazni captured after fierce fighting", {"Ghazni": "taliban"}),
        ("Aug. 8 - Kunduz, Taloqan taken", {"Kunduz": "taliban", "Taluqan": "taliban"}),
        ("The Taliban captured Ghazni on Thursday.", {"Ghazni": "taliban"}),
        ("Soldiers who captured the hill near Ghazni were praised.", {"Ghazni": None}),
    ],
)
def test_headline_passives(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


@pytest.mark.parametrize(
    "text",
    [
        "Kunduz and Taloqan came under attack on Friday. Both cities fell within 48 hours.",
        "Kunduz and Taloqan came under attack on Friday. The two cities fell within 48 hours.",
    ],
)
def test_both_cities_and_the_two_cities(ev, text):
    got = {r["district"]: r["status"] for r in ev(text) if r["kind"] == "capture"}
    assert got == {"Kunduz": "taliban", "Taluqan": "taliban"}


@pytest.mark.parametrize(
    "text",
    [
        "The Taliban said they had seized Rukha. The resistance called the claim false.",
        "The Taliban said they had seized Rukha. This was denied by the NRF.",
    ],
)
def test_more_denial_phrasing(ev, text):
    assert statuses(ev(text)) == {"Rukha": "contested"}


def test_a_compound_noun_before_a_named_place_is_not_an_anaphor(ev):
    got = statuses(ev("Rukha fell on Monday. Taliban flags were raised over the district headquarters in Banu."))
    assert got == {"Rukha": "taliban", "Andarab": "taliban"}


# ---------------------------------------------------------------- structure: appositions, relative clauses, references
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gardez, which sits on the road to Khost, was overrun by the insurgents on Monday.",
         [("Gardez", "Gardiz", "taliban", "capture")]),
        ("Sharana, the capital of Paktika, which lies close to the border, was taken by the Taliban.",
         [("Sharana", "Sharan", "taliban", "capture")]),
        ("Khinjan and Dih Salah, which guard the northern approach, were captured by the insurgents.",
         [("Khinjan", "Khinjan", "taliban", "capture"), ("Dih Salah", "Dih Salah", "taliban", "capture")]),
    ],
)
def test_the_main_verb_after_a_relative_clause_takes_the_subject_before_it(ev, text, expected):
    assert facts(ev(text)) == expected


def test_a_place_inside_the_relative_clause_is_not_the_subject(ev):
    got = statuses(ev("Gardez, which borders Khost, fell to the insurgents."))
    assert got == {"Gardiz": "taliban"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Witnesses said the Paktia capital was in insurgent hands by noon.", [("Paktia", "Gardiz", "taliban", "hold")]),
        ("Nimroz's provincial capital fell to the insurgents overnight.", [("Nimroz", "Zaranj", "taliban", "capture")]),
        ("The Paktika capital, Sharana, was taken by the Taliban.", [("Sharana", "Sharan", "taliban", "capture")]),
    ],
)
def test_a_province_s_capital_is_its_capital_city(ev, text, expected):
    assert facts(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ghazni, Khost and Gardez, all of which fell last week, are now quiet.",
         {"Ghazni": "taliban", "Khost(Matun)": "taliban", "Gardiz": "taliban"}),
        ("The insurgents attacked Khinjan and Dih Salah, both of which held out.",
         {"Khinjan": "resistance", "Dih Salah": "resistance"}),
        ("Many aid workers served in Helmand in 2009 and 2010, mostly in Sangin and Nad Ali, all of which the Taliban seized this summer.",
         {"Sangin": "taliban", "Nad Ali": "taliban"}),
    ],
)
def test_all_of_which_speaks_of_every_member_of_the_list_before_it(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The insurgents took over the district centre, Khinjan, on Tuesday without fighting.", {"Khinjan": "taliban"}),
        ("The insurgents seized Dih Salah overnight without a fight.", {"Dih Salah": "taliban"}),
        ("Troops abandoned Gardez without any resistance.", {"Gardiz": "taliban"}),
    ],
)
def test_without_fighting_is_a_manner_of_the_verb(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gardez became the third city to fall this week, following Khost in the east on Monday.",
         [("Gardez", "Gardiz", "taliban", "capture"), ("Khost", "Khost(Matun)", "taliban", "capture")]),
        ("Sharana fell to the insurgents on Friday, following Ghazni.",
         [("Sharana", "Sharan", "taliban", "capture"), ("Ghazni", "Ghazni", "taliban", "capture")]),
        ("Sharana fell to the insurgents on Friday, following days of heavy fighting.",
         [("Sharana", "Sharan", "taliban", "capture")]),
    ],
)
def test_following_a_place_in_a_run_of_captures(ev, text, expected):
    assert facts(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Khost was overrun in May; Gardez in early June; and the remote Sharana district soon after.",
         {"Khost(Matun)": "taliban", "Gardiz": "taliban", "Sharan": "taliban"}),
        ("The insurgents overran Khinjan on Monday; Dih Salah on Tuesday.", {"Khinjan": "taliban", "Dih Salah": "taliban"}),
        ("Gardez fell in June; elders in Khost say talks go on.", {"Gardiz": "taliban"}),
    ],
)
def test_a_verbless_clause_after_a_semicolon_repeats_the_verb(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_whether_a_movement_can_hold_out_is_not_a_hold_of_the_last_place(ev):
    text = "The insurgents seized Gardez in June. Whether the militia can hold out through the winter is unclear."
    assert statuses(ev(text)) == {"Gardiz": "taliban"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Many families fled to Gardez, now also under Taliban control, and to Khost.", {"Gardiz": "taliban"}),
        ("Aid convoys were sent to Sharana, already in insurgent hands, last week.", {"Sharan": "taliban"}),
        ("Aid convoys were sent to Sharana last week.", {}),
        ("Families fled to Gardez, now in insurgent hands, and to Sharana, still under government control.",
         {"Gardiz": "taliban", "Sharan": "resistance"}),
        ("Many families fled to Gardez and to Khost.", {}),
    ],
)
def test_an_apposition_tells_the_state_of_a_destination(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sharana fell on Saturday, and officials in Gardez, capital of Paktia, handed over the city a day later.",
         {"Sharan": "taliban", "Gardiz": "taliban"}),
        ("The UN says it is worried by reports of abuses against civilians in Spin Boldak after the insurgents overran "
         "the border district in June.", {"Spin Boldak": "taliban"}),
        ("Officials in Gardez said the city had fallen.", {}),
    ],
)
def test_the_place_where_people_are_is_the_antecedent_of_a_later_reference(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Clashes went on around Gardez's airport overnight.", {"Gardiz": "contested"}),
        ("Fighting was reported near Khost's main airport.", {"Khost(Matun)": "contested"}),
        ("The only way out for diplomats: Khost's airport.", {}),
    ],
)
def test_fighting_at_a_city_s_airport_is_on_its_edge(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The insurgents seized Khost, as well as Gardez and Sharana on the main highway, police sources said.",
         {"Khost(Matun)": "taliban", "Gardiz": "taliban", "Sharan": "taliban"}),
        ("The insurgents took Khinjan, as well as Dih Salah further up the valley, residents told reporters.",
         {"Khinjan": "taliban", "Dih Salah": "taliban"}),
    ],
)
def test_as_well_as_before_a_closing_attribution(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_but_that_opens_a_second_reported_clause_not_a_relative(ev):
    text = "Officials said Gardez remained in government hands but that clashes went on in Khost and Sharana."
    assert statuses(ev(text)) == {"Gardiz": "resistance", "Khost(Matun)": "contested", "Sharan": "contested"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Militia fighters battled to hold Khinjan, a district that has long been a gateway for raids on Dih Salah, officials said.",
         {"Khinjan": "contested"}),
        ("Clashes raged in Gardez, a city whose traders depend on Khost, all week.", {"Gardiz": "contested"}),
    ],
)
def test_a_place_inside_the_description_of_another_is_a_landmark(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_a_speaker_opposed_to_a_side_is_not_that_side(ev):
    rows = ev("Villagers opposed to the Taliban said the insurgents had taken Gardez on Friday.")
    assert [(r["district"], r["status"], r["confirmed"]) for r in rows] == [("Gardiz", "taliban", True)]


def test_rural_districts_in_a_list_of_provinces_make_them_containers(ev):
    text = "In June the insurgents overran rural districts in Paktia, Khost and Ghazni, officials said."
    assert statuses(ev(text)) == {}


def test_where_after_the_border_with_a_place_speaks_of_the_border(ev):
    text = "Families fled towards Gardez and the border with Khost, where soldiers are battling the insurgents."
    assert statuses(ev(text)) == {}
    assert statuses(ev("Families fled to Gardez, where soldiers are battling the insurgents.")) == {"Gardiz": "contested"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Pul-e Khumri, the capital of Baghlan, fell to the insurgents on Tuesday.", {"Puli Khumri": "taliban"}),
        ("The insurgents took Pul-e Khumri, capital of Baghlan, and Gardez in the east.", {"Puli Khumri": "taliban", "Gardiz": "taliban"}),
    ],
)
def test_the_place_after_capital_of_only_locates_the_capital(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The insurgents took Khost on Monday; their commanders had expected weeks of fighting for the town.", {"Khost(Matun)": "taliban"}),
        ("Residents of Gardez braced for heavy fighting in the city.", {}),
        ("Heavy fighting went on in Gardez all week.", {"Gardiz": "contested"}),
    ],
)
def test_a_fight_that_was_expected_is_not_reported(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("In Gardez, officials fled by helicopter after the insurgents entered the centre on Sunday.", {"Gardiz": "taliban"}),
        ("Residents of Khost said the insurgents had stormed the city centre overnight.", {"Khost(Matun)": "taliban"}),
        ("In Gardez, aid workers opened the centre again on Sunday.", {}),
    ],
)
def test_the_centre_a_side_entered_is_the_centre_of_the_place_in_question(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_the_district_refers_back_to_a_town_named_for_it_whatever_the_spelling(ev):
    rows = ev("In Khan-Abad, the governor works from one compound, and officials say the district is in insurgent hands.")
    assert ("the district", "Khanabad", "taliban", "hold") in facts(rows)


@pytest.mark.parametrize(
    "text",
    [
        "The insurgents captured new district centres in two provinces - Paktia in the east and Kandahar in the south.",
        "Militants took several districts in two provinces - Paktia in the southeast and Herat in the west.",
    ],
)
def test_a_list_of_containers_with_their_regions_stays_a_list_of_containers(ev, text):
    assert statuses(ev(text)) == {}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Militia fighters still hold Sharana. A Paktia lawmaker called the fall of the city a disgrace.",
         {"Sharan": "resistance", "Gardiz": "taliban"}),
        ("Clashes went on in Khost. The Ghazni governor said the city was now in insurgent hands.",
         {"Khost(Matun)": "contested", "Ghazni": "taliban"}),
    ],
)
def test_the_city_of_a_province_s_representative_is_its_capital(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_the_city_under_discussion_in_the_representative_s_province_stays(ev):
    rows = ev("Fighting raged in Sharana on Monday. Paktika officials said the city fell overnight.")
    assert [r["district"] for r in rows if r["mention"] == "the city"] == ["Sharan"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Shots were heard in Paghman, but officials say troops are defending the capital.", {}),
        ("Clashes broke out in Gardez, and the capital was overrun by nightfall.", {"Gardiz": "taliban"}),
    ],
)
def test_the_capital_refers_back_only_to_a_capital(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Diplomats who had predicted Gardez could hold out for weeks now talk of days.", {}),
        ("Analysts expected that Khost would hold out.", {}),
        ("Gardez can hold out for weeks, the commander said.", {"Gardiz": "resistance"}),
    ],
)
def test_a_forecast_that_a_place_holds_out_is_no_hold(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("In Gardez, the insurgents detained dozens of policemen who had surrendered last week.", {}),
        ("Witnesses in Khost saw soldiers who surrendered being led away.", {}),
        ("Gardez, which had surrendered, was calm on Sunday.", {"Gardiz": "taliban"}),
    ],
)
def test_people_who_surrendered_do_not_hand_over_the_place(ev, text, expected):
    assert statuses(ev(text)) == expected


# ---------------------------------------------------------------- fast paths give the same answers
def test_case_free_twins_match_like_the_originals():
    import re

    from geoevents.events import _CUE_PATTERNS, _MODAL, _MODAL_TEST, _NOT_HELD_BEFORE, _NOT_HELD_BEFORE_LOW
    from geoevents.sentences import _case_free, _lowered

    texts = ["The Taliban CAPTURED Kunduz and Were Handed Over the base.", "Officials In Kabul said it Could fall in May.",
             "Residents FLED TO the capital", "they may fall", "ıt was seized", "the ſtreets were taken"]
    for pat, _ in _CUE_PATTERNS + [(_NOT_HELD_BEFORE, None)]:
        twin = _NOT_HELD_BEFORE_LOW if pat is _NOT_HELD_BEFORE else _case_free(pat)
        for text in texts:
            low = _lowered(text)
            if twin is None or low is None:
                continue
            assert [m.span() for m in twin.finditer(low)] == [m.span() for m in pat.finditer(text)], (pat.pattern, text)
    # "may" is a modal only in lower case; "ı" and "ſ" fold case unlike str.lower: no twin is used
    assert _MODAL_TEST.search("they may fall") and not _MODAL_TEST.search("in May they fell")
    assert all(bool(_MODAL.search(t)) == _MODAL_TEST.search(t) for t in texts)
    assert _lowered("ıt") is None and _lowered("ſo") is None and _lowered("İT") is None and _lowered("It") == "it"
    assert _case_free(re.compile("[A-Z]x", re.I)) is None and _case_free(re.compile("Ab(?P<Nm>c)", re.I)).pattern == "ab(?P<Nm>c)"


def test_ascii_compiled_patterns_match_like_the_originals_on_ascii_text():
    import re

    from geoevents.events import _CUE_TABLE, _NEGATION, _NOT_HELD_BEFORE_LOW, _SPEECH_LOW
    from geoevents.sentences import _ascii

    # "\x1c".."\x1f" are white space to Unicode patterns, not to ASCII ones: \s is widened to them
    texts = ["The Taliban CAPTURED Kunduz and Were Handed Over the base.", "did not\x1cfall", "fled\x1fto the capital",
             "officials\tsaid_it\x0bwould\x1dnot fall (3 districts)", "1st-2nd: held,\x1e\x1ftaken by the army"]
    pats = [r[0] for r in _CUE_TABLE] + [r[1] for r in _CUE_TABLE if r[1] is not None]
    for pat in pats + [_NEGATION, _NOT_HELD_BEFORE_LOW, _SPEECH_LOW, re.compile(r"a\sb[^\s,]+\S", re.I)]:
        fast = _ascii(pat)
        assert fast is pat or fast.flags & re.ASCII
        for text in texts + [t.lower() for t in texts]:
            for pos in (0, 3):
                assert [(m.span(), m.groups()) for m in fast.finditer(text, pos)] == \
                       [(m.span(), m.groups()) for m in pat.finditer(text, pos)], (pat.pattern, text)
    assert _ascii(re.compile(r"a\sb")).search("a\x1cb") and not re.compile(r"a\sb", re.A).search("a\x1cb")
    # kept as they are: a class holding \S, a letter that folds to an ASCII one ("ı" to "I"), VERBOSE
    for kept in (re.compile(r"[\S-]x"), re.compile("ıt", re.I), re.compile(r"\u0131t", re.I), re.compile("a b", re.X)):
        assert _ascii(kept) is kept


def test_control_words_found_once_per_document_are_the_sentence_words():
    from geoevents.events import _ANAPHOR_SET, _CUE_WORDS, _TOPIC_WORDS, _word_hits, _words

    text = ("Kunduz fell.\u2009The city’s “control” was lost—then held; 3held, İT fell\nand\u00a0it stood.  Defending:"
            " TOOK it's")
    found = sorted(text[e - n:e - 1].lower() for e, (n, _) in _word_hits(text))
    wanted = sorted(w for w in _words(text) if w in _CUE_WORDS | _ANAPHOR_SET | _TOPIC_WORDS)
    assert found == wanted
    assert "i̇t" not in found and "fell" in found and "held" in found


@pytest.mark.parametrize("line, spans", [
    ("Kabul fell on Aug. 15. The city is calm.", [(0, 22), (23, 40)]),
    ("  U.S. forces left... Then the Taliban came! Approx. 200 men stayed. Gen. Smith said so.  ",
     [(2, 21), (22, 44), (45, 68), (69, 88)]),
    ("He said “They took it.” Later (in July) they left.", [(0, 23), (24, 50)]),
    ("the 1990s. A new era", [(0, 10), (11, 20)]),
])
def test_sentence_spans(line, spans):
    from geoevents.sentences import line_spans

    assert line_spans(line) == spans


def test_curly_quotes_and_dotless_i_read_like_plain_text(ev):
    plain = ev("Taliban fighters captured Kunduz on Sunday, officials said. The city's police had withdrawn.")
    curly = ev("Taliban fighters captured Kunduz on Sunday, officials said. The city’s police had withdrawn.")
    assert facts(plain) == facts(curly) == [("Kunduz", "Kunduz", "taliban", "capture")]
    dotless = ev("Taliban fighters captured Kunduz on Sunday, ofﬁcials said ı.")
    assert facts(dotless) == facts(plain)


def test_events_on_given_places_match_events_finding_them():
    from geoevents.places import places

    docs = pd.DataFrame({"id": ["a", "b"], "date": ["2021-08-09", "2021-08-14"],
                         "text": ["Taliban fighters captured Kunduz on Sunday, officials said.",
                                  "Government forces retook Nahr-e Saraj after two days of heavy fighting."]})
    found = events(docs)
    given = events(docs, places=pd.DataFrame(places(docs).drop(columns="geometry")))
    pd.testing.assert_frame_equal(found, given)
    assert found["mention"].tolist() == ["Kunduz", "Nahr-e Saraj"]


def test_events_on_a_places_frame_with_missing_values_match_events_finding_them():
    # a frame from ge.places holds NaN (not None) where a foreign place has no province or a city no district
    from geoevents.places import places

    docs = pd.DataFrame({"id": ["a", "b"], "date": ["2021-08-09", "2021-08-14"],
                         "text": ["Officials in Pakistan said the Taliban captured Spin Boldak near the border on Friday. "
                                  "The Kandahar governor's office said fighting went on in Kandahar city. "
                                  "Traders in Quetta said the city was calm, but the capital had fallen.",
                                  "Uzbekistan closed its border after the Taliban seized Hairatan, a port town in Balkh."]})
    frame = pd.DataFrame(places(docs).drop(columns="geometry"))
    assert frame["province"].isna().any()
    pd.testing.assert_frame_equal(events(docs), events(docs, places=frame))


@pytest.mark.parametrize(
    "text",
    ["Three hostages held by the Taliban in Kandahar were freed.", "A school run by the Taliban in Kabul opened."],
)
def test_people_and_institutions_held_or_run_by_a_side_are_not_places(ev, text):
    assert ev(text) == []


def test_a_hold_takes_no_actor_from_a_later_clause(ev):
    rows = ev("Kabul says it still controls Gereshk; the Taliban say they took it on Monday.")
    assert all(r["status"] != "taliban" or r["kind"] != "hold" for r in rows), facts(rows)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The government did not deny that Kunduz had fallen.", {"Kunduz": "taliban"}),
        ("Rukha fell. He did not dispute that the district centres had been lost.", {"Rukha": "taliban"}),
        ("The Taliban said Panjshir, the last province outside their control, was surrounded.", {"Panjshir": "resistance"}),
    ],
)
def test_negated_denials_and_outside_their_control(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


def test_a_passive_verb_does_not_reach_places_of_an_earlier_coordinate(ev):
    got = statuses(ev("Supply lines through Badakhshan have been cut, and the uprising in neighbouring Baghlan was crushed."))
    assert "Badakhshan" not in got


def test_a_finite_passive_before_and_ends_its_clause(ev):
    got = statuses(ev("Supply lines through Badakhshan have been cut, and the Taliban took Baghlan."))
    assert "Badakhshan" not in got and got.get("Baghlan") == "taliban"


def test_spread_alternations_match_like_the_originals():
    import re

    from geoevents.events import _CLAUSE, _CLAUSE_LOW, _actors, _case_free_actors, _expand, _spread

    assert _expand(r"(?:a\s+)?(?:b|c)d") == [r"a\s+(?:b|c)d", "bd", "cd"]
    assert _expand(r",?\s+but") == [r",\s+but", r"\s+but"]
    assert _expand(r"(?:a|b)+c") == [r"(?:a|b)+c"]
    pat = re.compile(r"\b(?:(?:old\s+)?(?:big|small)\s+town|(?:the\s+)?city)\b", re.I)
    text = "The Old Big Town and the small town, a city; THE CITY."
    assert [m.span() for m in _spread(pat).finditer(text)] == [m.span() for m in pat.finditer(text)]
    res, tal, neutral, _ = _case_free_actors(_actors(None))
    actors = _actors(None)
    text = "Afghan National Security and Defence Forces and the Taliban, anti-Taliban militias and the armed group"
    assert [m.span() for m in res.finditer(text.lower())] == [m.span() for m in actors[0].finditer(text)]
    assert [m.span() for m in tal.finditer(text.lower())] == [m.span() for m in actors[1].finditer(text)]
    text = "US troops, Turkish Army officers and coalition forces"
    assert [m.span() for m in neutral.finditer(text.lower())] == [m.span() for m in actors[3].finditer(text)] \
        == [(0, 9), (11, 23), (37, 53)]
    text = "X fell, but Y held; Z: W — V, while U, even as T, as the group claimed, and that held, except for S"
    assert [m.span() for m in _CLAUSE_LOW.finditer(text.lower())] == [m.span() for m in _CLAUSE.finditer(text)]


def test_both_in_a_paragraph_of_its_own(ev):
    got = statuses(ev("Officials insisted that Kunduz and Takhar would be defended.\n\nBoth fell within days."))
    assert got == {"Kunduz": "taliban", "Takhar": "taliban"}


@pytest.mark.parametrize(
    "text",
    ["The edge of the desert lies near Zaranj.", "Given the heat, Zaranj was quiet.", "Outside Zaranj, farmers work.",
     "The rule of law in Zaranj is weak.", "Forces of nature hit Zaranj."],
)
def test_weak_cue_words_outside_their_construction(ev, text):
    assert ev(text) == []


def test_a_main_clause_takes_no_date_from_the_relative_clause_before_it(ev):
    rows = ev("Qala-i-Naw, which commandos recaptured last month, is again under Taliban control.", "2021-08-13")
    assert [(r["status"], r["date"]) for r in rows] == [("taliban", "2021-08-13")]


def test_a_dated_line_that_says_what_happened_is_read_as_a_sentence(ev):
    rows = ev("Story.\n\nHOW THE CITIES FELL\nAug 6 - Zaranj\nAug 8 - Taloqan\nAug 10 - Government forces retake Taloqan\n")
    got = {(r["district"], r["status"], r["date"]) for r in rows}
    assert ("Taluqan", "taliban", "2021-08-08") in got and ("Taluqan", "resistance", "2021-08-10") in got
    assert ("Taluqan", "taliban", "2021-08-10") not in got


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The insurgents have been in Ghazni since Thursday.", {"Ghazni": "taliban"}),
        ("The Taliban are in Kunduz now, residents said.", {"Kunduz": "taliban"}),
        ("The Taliban are in talks with elders in Kunduz.", {"Kunduz": None}),
        ("US troops are in Kabul to guard the airport.", {"Kabul": None}),
    ],
)
def test_a_side_being_in_a_place(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


def test_battled_is_fighting(ev):
    assert statuses(ev("Government troops battled the Taliban in Gereshk for a fourth day.")) == {"Nahri Sarraj": "contested"}


def test_an_indirect_question_states_nothing(ev):
    assert ev("A reader asks whether Asadabad is still held by the government.") == []
    assert statuses(ev("Officials insist Asadabad will hold out.")) == {"Asadabad": "resistance"}


def test_residents_of_a_place_speak_of_it_as_the_city(ev):
    got = statuses(ev("Residents of Lashkar Gah say the Taliban now control most of the city."))
    assert got == {"Lashkar Gah": "contested"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("In Panjshir, fighters loyal to Ahmad Massoud have dug in.", {"Panjshir": "resistance"}),
        ("Taliban fighters are entrenched in Sangin.", {"Sangin": "taliban"}),
        ("The government dug in its heels over Kunduz.", {"Kunduz": None}),
    ],
)
def test_digging_in_is_holding(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Taliban swept into Kunduz on Sunday.", {"Kunduz": "taliban"}),
        ("The insurgents marched into Herat.", {"Hirat": "taliban"}),
        ("Refugees poured into Kabul.", {"Kabul": None}),
        ("The group wrested control of Ghazni from government forces.", {"Ghazni": "taliban"}),
        ("The Taliban declared victory in Panjshir.", {"Panjshir": "taliban"}),
        ("A white Taliban flag fluttered over the governor's office in Qalat.", {"Qalat": "taliban"}),
        ("Government forces were driven from Sangin.", {"Sangin": "taliban"}),
        ("The Taliban made gains in Badghis.", {"Badghis": "contested"}),
        ("The Taliban now rule Kandahar.", {"Kandahar": "taliban"}),
        ("The rule of law in Kabul is weak.", {"Kabul": None}),
    ],
)
def test_more_news_verbs_of_control(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


def test_declaring_victory_is_a_one_sided_claim(ev):
    rows = ev("The Taliban declared victory in Panjshir.")
    assert [(r["status"], r["confirmed"]) for r in rows] == [("taliban", False)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Reports of the fall of Paryan are false.", {"Paryan": "contested"}),
        ("Reports that Paryan has fallen are untrue, the NRF said.", {"Paryan": "contested"}),
        ("Reports that the Taliban captured Paryan on Monday were confirmed.", {"Paryan": "taliban"}),
    ],
)
def test_reports_called_false(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The NRF says it repelled Taliban assaults on the Khawak pass and in Shutul district.", {"Shutul": "resistance"}),
        ("Fighting was reported near Bagram and in Charikar.", {"Chaharikar": "contested", "Bagram": None}),
        ("The Taliban took the road between Kabul and Charikar.", {"Chaharikar": None, "Kabul": None}),
    ],
)
def test_and_in_starts_a_new_place_of_the_same_statement(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


def test_the_valley_can_be_a_district_named_before_in_the_sentence(ev):
    got = statuses(ev("Kabul fell. Salang was calm. In Tagab, across the boundary, the insurgents have run the valley for years."))
    assert got.get("Tagab") == "taliban" and "Salang" not in got


@pytest.mark.parametrize(
    "text, expected",
    [
        ("After Nad Ali fell, the Taliban attacked the provincial capital.", {"Nad Ali": "taliban", "Lashkar Gah": "contested"}),
        ("The Taliban attacked Kandahar city overnight.", {"Kandahar": "contested"}),
        ("The Taliban have attacked police posts in Kandahar for days.", {}),
        ("The fall of Zaranj comes after weeks of fighting in Farah.", {"Zaranj": "taliban", "Farah": None}),
    ],
)
def test_attacks_on_a_place_and_after_clauses(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


def test_roads_to_a_and_to_b_are_landmarks(ev):
    got = statuses(ev("Roads to Kandahar and to Nad Ali are controlled by insurgents, who have held Marja since last year."))
    assert "Kandahar" not in got and got.get("Nad Ali") == "taliban"  # (Marja lies in Nad Ali)
    assert [r["mention"] for r in ev("Roads to Kandahar and to Nad Ali are controlled by insurgents.")] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ghazni fell. The governor was detained in Maidan Wardak on suspicion of having surrendered the city.",
         {"Ghazni": "taliban", "Wardak": None}),
        ("Officials accused the governor of handing over Ghazni.", {"Ghazni": None}),
    ],
)
def test_a_charge_is_not_an_event(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


def test_a_headline_attack_on_a_capital(ev):
    got = statuses(ev("Taliban attacks capital of northwest Afghan province of Badghis"))
    assert got.get("Badghis") == "contested"


def test_armed_men_in_a_place_are_found_through_the_phrase(ev):
    # the word finder looks for "are in" / "have been in", not for every "Taliban" or "forces"
    from geoevents.events import _MEN_WORDS, _word_hits

    text = "Taliban forces attacked. The group's fighters are in Charikar."
    hits = {text[e - n:e - 1].lower() for e, (n, _) in _word_hits(text)}
    assert "are in" in hits and not hits & _MEN_WORDS
    assert statuses(ev(text)) == {"Chaharikar": "taliban"}


def test_actor_words_are_pack_data():
    import importlib
    from types import SimpleNamespace

    ev = importlib.import_module("geoevents.events")
    toy = SimpleNamespace(meta={"actors": {"resistance": [r"blue\s+army"], "taliban": [r"red\s+brigade"]}})
    actors = ev._actors(toy)
    assert ev._side_of("the Red Brigade took the town", actors, last=True) == "taliban"
    assert ev._side_of("the Blue Army held it", actors, last=True) == "resistance"
    # the first theatre's names live in its pack, not in the code
    assert ev._side_of("NRF fighters held it", actors, last=True) is None
    assert ev._side_of("NRF fighters held it", ev._actors(None), last=True) == "resistance"
    bad = SimpleNamespace(meta={"actors": {"taliban": "red brigade"}})
    with pytest.raises(PackError, match="actors.taliban"):
        ev._actors(bad)
    # forces neither side: generic words in the code, the theatre's nationalities in the pack
    assert ev._side_of("coalition troops held it", actors, last=True) is None
    assert ev._side_of("Turkish troops held it", ev._actors(None), last=True) is None
    toy2 = SimpleNamespace(meta={"actors": {"resistance": [r"troops"], "neutral": [r"ruritanian"]}})
    assert ev._side_of("Ruritanian troops held it", ev._actors(toy2), last=True) is None
    assert ev._side_of("our troops held it", ev._actors(toy2), last=True) == "resistance"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Army units retain control of Kandahar and Herat.", {"Kandahar": "resistance", "Hirat": "resistance"}),
        ("The insurgents now have full control over Ghazni, Khost and Gardez.",
         {"Ghazni": "taliban", "Khost(Matun)": "taliban", "Gardiz": "taliban"}),
        ("Resistance fighters still keep control of Bazarak.", {"Bazarak": "resistance"}),
    ],
)
def test_holds_stated_with_retain_have_keep_control(ev, text, expected):
    got = statuses(ev(text))
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)


@pytest.mark.parametrize(
    "text, expected, kind",
    [
        ('"We have taken back Khinjan and Dih Salah and will hold them," the militia leader said.',
         {"Khinjan": "resistance", "Dih Salah": "resistance"}, "hold"),
        ("The defence ministry said it had retaken Kaldar overnight.", {"Kaldar": "resistance"}, "hold"),
        # told by others, a retake by a named side is that side's; with no side named it is a front line
        ("Police officers retook Kaldar on Monday, a resident said.", {"Kaldar": "resistance"}, "retake"),
        ("Kaldar was retaken on Monday, a resident said.", {"Kaldar": "contested"}, "retake"),
        ("The insurgents took back Khinjan on Sunday.", {"Khinjan": "taliban"}, "retake"),
    ],
)
def test_retakes_told_by_the_retakers(ev, text, expected, kind):
    rows = ev(text)
    got = statuses(rows)
    for place, status in expected.items():
        assert got.get(place) == status, (place, got)
    assert {r["kind"] for r in rows} == {kind}


@pytest.mark.parametrize(
    "text, expected",
    [
        # a fight someone acted to avoid did not happen
        ("Khost surrendered to the insurgents on Friday as elders moved to spare the town from fighting.",
         {"Khost(Matun)": "taliban"}),
        ("Soldiers withdrew from Gardez to prevent further clashes in the city.", {"Gardiz": "taliban"}),
        # an exception for a part: the relative clause after it is about the part
        ("Gardez has fallen to the insurgents, except for the old fort, where clashes go on.", {"Gardiz": "taliban"}),
        # "handed X to Y", "handed the city over"
        ("The mayor handed Sharana and Gardez over to the insurgents.", {"Sharan": "taliban", "Gardiz": "taliban"}),
        ("The governor handed Khost to the Taliban on Friday.", {"Khost(Matun)": "taliban"}),
        ("In Khost, officials handed the town over to the insurgents.", {"Khost(Matun)": "taliban"}),
    ],
)
def test_purpose_clauses_exceptions_and_handing_over(ev, text, expected):
    got = statuses(ev(text))
    assert got == expected


def test_handing_out_goods_is_not_a_surrender(ev):
    assert ev("Volunteers handed blankets to families in Gardez.") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # entry wording
        ("Insurgent columns swept into Gardez at dawn.", {"Gardiz": "taliban"}),
        ("The Taliban rolled into Sharana and Khost on Friday.", {"Sharan": "taliban", "Khost(Matun)": "taliban"}),
        ("Taliban fighters arrived in Gardez two days later.", {"Gardiz": "taliban"}),
        ("Local elders agreed to let the Taliban into Sharana.", {"Sharan": "taliban"}),
        # fighting wording
        ("Gardez came under heavy attack overnight.", {"Gardiz": "contested"}),
        ("Army units were battling on the outskirts of Sharana.", {"Sharan": "contested"}),
        ("Police pushed the militants back from the edge of Gardez.", {"Gardiz": "contested"}),
        ("Armed opposition persists in Khost.", {"Khost(Matun)": "contested"}),
    ],
)
def test_entry_and_fighting_wording(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The delegation arrived in Gardez on Monday.",
        "Thousands of families moved into Sharana last year.",
        "Officials allowed journalists into Gardez.",
        "Insurgents surrounded a police unit on the outskirts of Gardez.",
    ],
)
def test_arrivals_and_outskirts_that_are_not_control(ev, text):
    assert "Gardiz" not in statuses(ev(text)) and "Sharan" not in statuses(ev(text))


@pytest.mark.parametrize(
    "text",
    [
        "Gardez fell on Friday.\nRelated:\nInsurgents take Khost after a week of fighting\nSharana falls without a fight",
        "Gardez fell on Friday.\n\nMost read\n\nInsurgents take Khost\nMore stories\nSharana falls without a fight",
        "Gardez fell on Friday.\nRelated: Insurgents take Khost after a week of fighting",
    ],
)
def test_teaser_blocks_give_no_events(ev, text):
    assert statuses(ev(text)) == {"Gardiz": "taliban"}


def test_a_teaser_block_ends_at_prose_and_gives_no_antecedent(ev):
    text = ("Gardez fell on Friday.\nRead more\nKhost: a town on edge\n\n"
            "Clashes went on in Sharana on Saturday. The town is besieged.")
    assert statuses(ev(text)) == {"Gardiz": "taliban", "Sharan": "contested"}
    rows = ev("Gardez fell on Friday.\nMost read\nLife in Khost\n\nThe town was besieged on Sunday.")
    assert "Khost(Matun)" not in statuses(rows)


def test_teaser_headers():
    from geoevents.sentences import is_teaser, is_teaser_header

    assert is_teaser_header("Related:") and is_teaser_header("  More stories") and is_teaser_header("Most read")
    assert not is_teaser_header("Related talks were held in Doha.") and not is_teaser_header("More fighting")
    assert is_teaser("Insurgents take Khost") and not is_teaser("Insurgents took Khost on Monday.")


def test_the_capital_of_the_same_name(ev):
    rows = ev("The insurgents overran Ghazni province and its capital of the same name.")
    assert [(r["mention"], r["province"], r["district"], r["status"]) for r in rows] == [
        ("Ghazni", "Ghazni", None, "taliban"), ("its capital of the same name", "Ghazni", "Ghazni", "taliban")]


def test_a_timestamped_live_blog_entry_starts_a_new_topic(ev):
    text = ("09:10 GMT - Insurgents take Gardez\nThe city fell overnight.\n"
            "09:40 GMT - Clashes reported\nThe city is besieged, a witness says.")
    assert [(r["mention"], r["status"]) for r in ev(text)] == [("Gardez", "taliban"), ("The city", "taliban")]
    # without time stamps the city is still the one under discussion
    assert ("The city", "contested") in [(r["mention"], r["status"]) for r in ev(text.replace("09:10 GMT - ", "").replace("09:40 GMT - ", ""))]


def test_pushed_out_of_most_neighbourhoods_makes_the_place_a_front_line(ev):
    rows = ev("Insurgents stormed into Gardez on Tuesday. By Friday they had been pushed out of most neighbourhoods.")
    assert [(r["mention"], r["status"]) for r in rows][-1][1] == "contested"
    assert {r["district"] for r in rows} == {"Gardiz"}


def test_reasserted_control_over_a_list_before(ev):
    rows = ev("Militias drove the insurgents out of Khinjan, Dih Salah and Puli Hisar in early August. "
              "By the end of the month the insurgents had reasserted control over all three.")
    last = {r["district"]: r for r in rows if r["kind"] == "capture"}
    assert {d: r["status"] for d, r in last.items()} == {"Khinjan": "taliban", "Dih Salah": "taliban", "Puli Hisar": "taliban"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sharana and Gardez are insurgent strongholds.", {"Sharan": "taliban", "Gardiz": "taliban"}),
        ("Gardez is a former insurgent stronghold.", {}),
        ("The Taliban stronghold of Sharana was bombed.", {"Sharan": "taliban"}),
        ("The insurgents now hold sway over Gardez.", {"Gardiz": "taliban"}),
        ("The militants have tightened their grip on Sharana and Gardez.", {"Sharan": "taliban", "Gardiz": "taliban"}),
        ("Gardez, the army's stronghold, was surrounded.", {"Gardiz": "contested"}),
        # a province in brackets only locates the place before it
        ("Insurgents are now in control of Gardez (Paktia) and Sharana (Paktika).", {"Gardiz": "taliban", "Sharan": "taliban"}),
    ],
)
def test_strongholds_sway_grip_and_bracketed_provinces(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Police captured an insurgent commander in Gardez.",
        "Army units captured dozens of militants in Gardez on Monday.",
        "The militia said it had captured two Taliban fighters near Gardez.",
    ],
)
def test_people_captured_in_a_place_say_nothing_of_its_control(ev, text):
    assert "Gardiz" not in statuses(ev(text))


def test_a_compound_captured_in_a_place_is_still_a_capture(ev):
    assert statuses(ev("The insurgents captured the governor's compound in Gardez.")).get("Gardiz") == "taliban"


@pytest.mark.parametrize(
    "text",
    [
        "Insurgents take Gardez\nGardez was still in government hands, a police officer said earlier.",
        "Gardez remains under army control, officials said. Hours later, the insurgents seized the city.",
    ],
)
def test_a_hold_overtaken_by_a_later_capture(ev, text):
    assert {(r["status"], r["kind"]) for r in ev(text)} == {("taliban", "capture")}


def test_a_hold_and_a_capture_with_no_order_stay_rival_statements(ev):
    rows = ev("Gardez fell to the insurgents, a resident said. Gardez is still in government hands, a police officer said.")
    assert {r["status"] for r in rows} == {"taliban", "resistance"}


def test_the_headline_capture_overtakes_a_hold_of_the_same_day(ev):
    rows = ev("Insurgents take Gardez\nGardez is still in government hands, a police officer said.")
    assert {(r["status"], r["kind"]) for r in rows} == {("taliban", "capture")}


def test_the_side_named_as_object_is_not_the_actor(ev):
    assert statuses(ev("Militias ambushed the insurgents in Khinjan and retook the district.")) == {"Khinjan": "resistance"}
    assert statuses(ev("Army units fought the insurgents for hours and then withdrew from Gardez.")) == {"Gardiz": "taliban"}
    assert statuses(ev("The insurgents seized Gardez.")) == {"Gardiz": "taliban"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The insurgents captured Sharana, as well as the nearby district of Gardez.", {"Sharan": "taliban", "Gardiz": "taliban"}),
        ("The insurgents now control Sharana, as well as large parts of Gardez.", {"Sharan": "taliban", "Gardiz": "contested"}),
        ("Clashes broke out in nearby Gardez.", {"Gardiz": "contested"}),
        ("Troops massed near Gardez.", {}),
    ],
)
def test_as_well_as_a_noun_phrase_and_nearby_as_an_adjective(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_a_bulleted_list_under_a_line_ending_in_a_colon(ev):
    text = "These districts are now under insurgent control:\n- Sharana\n• Gardez (Paktia)\n\nLife goes on in Khost."
    assert statuses(ev(text)) == {"Sharan": "taliban", "Gardiz": "taliban"}
    assert statuses(ev("Towns that could fall next:\n- Sharana\n- Gardez")) == {}
    assert statuses(ev("The insurgents took Khost.\n- Sharana: long queues at banks\n- Gardez")) == {"Khost(Matun)": "taliban"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gardez is held by Afghan special forces.", {"Gardiz": "resistance"}),
        ("Sharana is defended by government troops and local militias.", {"Sharan": "resistance"}),
        ("The airport in Gardez is guarded by US troops.", {}),
    ],
)
def test_special_forces_and_defended_by(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The insurgents said they had recaptured Khinjan.", {"Khinjan": "taliban"}),
        ("The army claimed to have regained control of Kaldar.", {"Kaldar": "resistance"}),
    ],
)
def test_more_retakes_told_by_the_retakers(ev, text, expected):
    rows = ev(text)
    assert statuses(rows) == expected and {r["kind"] for r in rows} == {"hold"}


def test_a_fight_told_before_a_hold_stated_as_now_is_over(ev):
    rows = ev("Clashes raged in Gardez for two days. The city is now fully under the control of the army.")
    assert {(r["status"], r["kind"]) for r in rows} == {("resistance", "hold")}
    rows = ev("The city of Gardez is now under the control of the army. Clashes raged in Gardez on Monday.")
    assert {r["status"] for r in rows} == {"resistance", "contested"}


def test_the_district_centre_is_the_town_named_for_its_district_in_the_sentence(ev):
    rows = ev("Insurgents took Khanabad district last week. Officials insisted Rustaq had not fallen and that soldiers "
              "still held the district centre.")
    got = {(r["mention"], r["district"], r["status"]) for r in rows}
    assert ("the district centre", "Rustaq", "resistance") in got
    assert not any(m == "the district centre" and d == "Khanabad" for m, d, _ in got)


def test_parts_of_each_member_of_a_list(ev):
    got = statuses(ev("The militia says it still holds large parts of Khinjan and the upper reaches of Dih Salah."))
    assert got == {"Khinjan": "contested", "Dih Salah": "contested"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gardez came under heavy insurgent attack on Monday.", {"Gardiz": "contested"}),
        ("Soldiers battled the insurgents on the outskirts of Sharana.", {"Sharan": "contested"}),
        ("Police pushed the militants back from the edges of Gardez.", {"Gardiz": "contested"}),
        ("Resistance to the insurgents persists in parts of Khost.", {"Khost(Matun)": "contested"}),
        ("Insurgent fighters swept through Gardez on Friday.", {"Gardiz": "taliban"}),
        ("Gardez was besieged for days. Its mayor surrendered the town to the insurgents.", {"Gardiz": "taliban"}),
    ],
)
def test_more_fighting_and_entry_wording(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_surrendering_the_town_names_the_town(ev):
    rows = ev("Gardez was besieged for days. Its mayor surrendered the town to the insurgents.")
    assert ("the town", "taliban", "surrender") in [(r["mention"], r["status"], r["kind"]) for r in rows]


def test_assessed_as_side_controlled_after_the_place(ev):
    got = statuses(ev("Analysts assessed Sharana as contested and Gardez as government-controlled."))
    assert got == {"Sharan": "contested", "Gardiz": "resistance"}
    got = statuses(ev("Districts assessed as insurgent-controlled include Khinjan and Dih Salah."))
    assert got == {"Khinjan": "taliban", "Dih Salah": "taliban"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The insurgents hold all of Paktia except for Gardez.", {"Paktia": "contested", "Gardiz": "resistance"}),
        ("The insurgents took every district of Paktika except Sharana.", {"Paktika": "contested", "Sharan": "resistance"}),
        ("Gardez has fallen to the insurgents except for the airport.", {"Gardiz": "taliban"}),
    ],
)
def test_a_place_named_as_an_exception(ev, text, expected):
    got = {}
    for r in ev(text):
        got[r["district"] or r["province"]] = r["status"]
    assert got == expected


@pytest.mark.parametrize("stamp", ["[09:40]", "Update 09:40 GMT:", "(09.40)"])
def test_live_blog_time_stamps_in_brackets_or_after_update(ev, stamp):
    text = f"09:10 - Insurgents take Gardez\nThe city fell overnight.\n{stamp} Clashes reported\nThe city is besieged, a witness says."
    assert [(r["mention"], r["status"]) for r in ev(text)] == [("Gardez", "taliban"), ("The city", "taliban")]


@pytest.mark.parametrize("line", ["ALSO READ: Insurgents take Khost", "Also read | Insurgents take Khost", "Most read: Insurgents take Khost"])
def test_inline_teaser_links_are_junk(ev, line):
    assert statuses(ev(f"Gardez fell on Friday.\n{line}")) == {"Gardiz": "taliban"}
    assert not is_junk("Also, the insurgents read a statement in Khost.")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gardez has returned to government control.", {"Gardiz": "resistance"}),
        ("Sharana reverted to insurgent control on Sunday.", {"Sharan": "taliban"}),
        ("Families returned to their homes in Khost.", {}),
    ],
)
def test_returned_or_reverted_to_side_control(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Shops reopened in insurgent-run Gardez.", {"Gardiz": "taliban"}),
        ("Life in insurgent-ruled Sharana is hard.", {"Sharan": "taliban"}),
        ("A long-run plan for Gardez was drafted.", {}),
    ],
)
def test_side_run_and_side_ruled(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_allowing_a_side_in_a_place_is_not_letting_it_in(ev):
    assert statuses(ev("The deal allowed the insurgents in Gardez to keep their weapons.")) == {}
    assert statuses(ev("In Gardez, the elders agreed to let the Taliban in.")) == {"Gardiz": "taliban"}


def test_moving_into_a_building_is_not_an_entry(ev):
    assert statuses(ev("The ministry moved into a new building in Gardez.")) == {}


def test_people_captured_in_a_place_passive(ev):
    assert statuses(ev("The mayor was captured by the insurgents in Gardez.")) == {}
    assert statuses(ev("Gardez was captured by the insurgents.")) == {"Gardiz": "taliban"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Militias drove the insurgents out of Khinjan and Dih Salah. The insurgents later recaptured both.",
         {"taliban"}),
        ("Clashes raged in Gardez for days. The town eventually fell to the insurgents.", {"taliban"}),
        ("Clashes raged in Gardez for days. The town fell to the insurgents.", {"taliban", "contested"}),
    ],
)
def test_a_capture_told_as_later_ends_what_came_before(ev, text, expected):
    assert {r["status"] for r in ev(text)} == expected


def test_a_relative_clause_that_denies_the_claim_before_it(ev):
    assert statuses(ev("The insurgents claim full control of Khinjan, which the militia denies.")) == {"Khinjan": "contested"}
    assert statuses(ev("The insurgents captured Gardez, which has some 100,000 people.")) == {"Gardiz": "taliban"}


def test_holding_positions_in_a_place(ev):
    assert statuses(ev("Militia fighters still hold positions in Khinjan.")) == {"Khinjan": "resistance"}
    assert statuses(ev("Officials held positions in the administration in Gardez.")) == {}


def test_armed_resistance_continues_in_a_place(ev):
    assert statuses(ev("Armed resistance continues in Khost.")) == {"Khost(Matun)": "contested"}
    assert statuses(ev("Daily life continued in Khost.")) == {}


def test_a_finer_place_in_brackets_is_not_a_container(ev):
    got = statuses(ev("Clashes went on in the southernmost district of Paktia (Gardez)."))
    assert got.get("Gardiz") == "contested"


@pytest.mark.parametrize(
    "text",
    ["Gardez has yet to fall to the insurgents.", "The insurgents have yet to take Gardez.", "Gardez remains beyond insurgent reach."],
)
def test_yet_to_fall_and_beyond_reach(ev, text):
    assert statuses(ev(text)) == {"Gardiz": "resistance"}


@pytest.mark.parametrize(
    "text, expected",
    [
        # fighting told as shelling, bombardment, ambushes, daily / gun battles, a place that "has seen" them
        ("Villagers reported heavy shelling in Khinjan overnight.", {"Khinjan": "contested"}),
        ("Mortar shelling hit Gardez again on Tuesday.", {"Gardiz": "contested"}),
        ("Militia fighters staged ambushes in Dushi last week.", {"Dushi": "contested"}),
        ("Khost has seen pitched battles since Monday.", {"Khost(Matun)": "contested"}),
        ("Gun battles broke out in Nahrin at dawn.", {"Nahrin": "contested"}),
        # the anti-insurgent side keeps the other out, holds on, has a presence, calls a place its bastion
        ("Local elders say they have kept the insurgents out of Nahrin for weeks.", {"Nahrin": "resistance"}),
        ("Police were still holding on in Gardez on Thursday.", {"Gardiz": "resistance"}),
        ("The militants clung on to Dushi despite the air raids.", {"Dushi": "taliban"}),
        ("Khinjan is the last bastion of the militia in the south.", {"Khinjan": "resistance"}),
        ("Of the northern districts, only Nahrin still has a government presence.", {"Nahrin": "resistance"}),
        # handovers without a capture verb; entries by a named armed side
        ("Sharana changed hands early on Monday, a lawmaker said.", {"Sharan": "taliban"}),
        ("Gardez changed hands repeatedly during the week.", {"Gardiz": "contested"}),
        ("The militants took Dushi, which gave them control of Khinjan too.", {"Dushi": "taliban", "Khinjan": "taliban"}),
        ("Gardez fell on Sunday, giving the insurgents control of Sharana as well.", {"Gardiz": "taliban", "Sharan": "taliban"}),
        ("Insurgent units moved into Nahrin on Friday.", {"Nahrin": "taliban"}),
        ("By evening the Taliban had advanced to Khinjan.", {"Khinjan": "taliban"}),
        ("The militants pushed into parts of Dushi overnight.", {"Dushi": "contested"}),
        ("Commanders blamed each other for the loss of Sharana on Friday.", {"Sharan": "taliban"}),
    ],
)
def test_fighting_holding_and_handover_vocabulary(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Families from the villages moved into Gardez last week.",        # people moving, not an armed side
        "Aid convoys advanced towards Khinjan slowly.",
        "Many residents moved to Sharana to stay with relatives.",
        "Nahrin is the heartland of the late commander's family.",        # a person's home ground
        "The loss of life in Gardez shocked the country.",
        "Officials hope to keep prices out of reach of speculators in Gardez.",
        "Gardez changed hands three times in the 1990s.",                 # history
        "The province is holding on to hope, the governor said in Khinjan.",
    ],
)
def test_vocabulary_not_control(ev, text):
    assert statuses(ev(text)) == {}, facts(ev(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        # a pronoun subject of an entry takes up the side named just before it
        ("Villagers rose up against the insurgents weeks after they rolled into Gardez.", {"Gardiz": "taliban"}),
        ("It was the first setback for the militants since they marched into Sharana.", {"Sharan": "taliban"}),
        # a fall inside a time phrase is dated by that phrase, not by a year later in the sentence
        ("Three weeks after the fall of Gardez, the economy is weaker than at any time since 1995.", {"Gardiz": "taliban"}),
        ("Since the capture of Sharana, aid has been scarcer than at any time since 2010.", {"Sharan": "taliban"}),
        # a named part of a place held by one side: a partial hold (contested)
        ("The insurgents hold the upper reaches of Khinjan district.", {"Khinjan": "contested"}),
        ("Militias still control the southern half of Dushi.", {"Dushi": "contested"}),
    ],
)
def test_pronoun_entries_time_phrases_and_named_parts(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_a_pronoun_entry_needs_a_side_before_it(ev):
    assert statuses(ev("Refugees left the camps when they poured into Gardez.")) == {}
    assert statuses(ev("Life changed after the fall of Gardez in 1996.")) == {}


@pytest.mark.parametrize(
    "text, expected, confirmed",
    [
        # the subject after a speech verb acts, not the speaker
        ("The defence ministry says gunmen have entered Gardez from two sides.", {"Gardiz": "taliban"}, True),
        ("Police officials reported that insurgent units had entered Khinjan.", {"Khinjan": "taliban"}, True),
        # a pronoun after the speech verb is the speaker
        ("The army said it had entered Dushi.", {"Dushi": "resistance"}, False),
        # a lawmaker sharing a first name with a side's spokesman is not that side's spokesman
        ("Sharana fell on Sunday after the police withdrew, according to lawmaker Zabihullah Karimi.", {"Sharan": "taliban"}, True),
    ],
)
def test_speech_verbs_and_the_actor_of_an_entry(ev, text, expected, confirmed):
    rows = ev(text)
    assert statuses(rows) == expected
    assert all(r["confirmed"] is confirmed for r in rows), facts(rows)


def test_posts_around_a_place_and_sets_before_an_exception(ev):
    # checkpoints around a town being abandoned is not the town's capture
    assert statuses(ev("Security sources said several checkpoints around Gardez had been abandoned.")) == {}
    # "X and every other capital except Y": the exception is of the set, X is held
    got = statuses(ev("The insurgents now control Gardez and every provincial capital except Khost."))
    assert got == {"Gardiz": "taliban", "Khost(Matun)": "resistance"}
    # "all of X except Y": X only in part
    got = statuses(ev("The insurgents now control all of Paktia except Gardez."))  # (Gardez lies in Paktia)
    assert got.get("Paktia") == "contested"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Militants opened an offensive on Sharana at dawn.", {"Sharan": "contested"}),
        ("Battles were still raging in Dushi by nightfall.", {"Dushi": "contested"}),
        ("Insurgent gunners shelled Khinjan for two days.", {"Khinjan": "contested"}),
        ("The army pounded the town of Nahrin with artillery.", {"Nahrin": "contested"}),
        ("By Friday the insurgents were firmly in charge of Sharana.", {"Sharan": "taliban"}),
        ("The militants now run Dushi through a shadow governor.", {"Dushi": "taliban"}),
        ("Despite the raids, Nahrin remained firmly with the government.", {"Nahrin": "resistance"}),
    ],
)
def test_offensives_shelling_and_who_is_in_charge(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The mayor stayed behind and remained with his family in Sharana.",
        "The officer in charge of the Dushi checkpoint was replaced.",
        "Market prices remain high in Khinjan.",
        "Investors shelled out millions for a hotel in Nahrin.",
    ],
)
def test_in_charge_remain_with_and_shelled_not_control(ev, text):
    assert statuses(ev(text)) == {}, facts(ev(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sharana, which the insurgents have controlled since the spring, saw a bombing on Friday.", {"Sharan": "taliban"}),
        ("Nahrin, which militia fighters have held for two months, was quiet.", {"Nahrin": "resistance"}),
        ("The bazaar, which the traders had run for decades, lies in Dushi.", {}),
    ],
)
def test_object_relative_clause_of_a_hold(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Police units fled Sharana before dawn.", {"Sharan": "taliban"}),
        ("After a week under siege, Dushi capitulated.", {"Dushi": "taliban"}),
        ("Khinjan has become a key battleground.", {"Khinjan": "contested"}),
        ("The militants have gained ground in Nahrin.", {"Nahrin": "contested"}),
        ("By Tuesday Sharana had slipped from government control.", {"Sharan": "taliban"}),
        ("Commandos have now secured Dushi, the ministry said.", {"Dushi": "resistance"}),
        ("The insurgents tightened their stranglehold on Khinjan.", {"Khinjan": "taliban"}),
        ("Nahrin was wrested from the militia on Friday.", {"Nahrin": "taliban"}),
    ],
)
def test_flight_capitulation_battlegrounds_and_strangleholds(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Soldiers fled to Gardez after dropping their weapons.",         # a destination
        "Dozens of families fled Sharana for the capital.",              # people, no side
        "Prices slipped from their peak in Dushi.",
        "The clinic secured funding for a new wing in Nahrin.",
        "The team gained ground on its rivals in Khinjan.",
    ],
)
def test_flight_and_securing_not_control(ev, text):
    assert statuses(ev(text)) == {}, facts(ev(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        # a retake by a side the text names is that side's again
        ("Army units recaptured Sharana after a night of clashes.", {"Sharan": "resistance"}),
        ("Dushi was retaken by militia fighters on Tuesday.", {"Dushi": "resistance"}),
        ("Local police drove the insurgents out of Nahrin and Khinjan.", {"Nahrin": "resistance", "Khinjan": "resistance"}),
        ("The insurgents recaptured Gardez within a day.", {"Gardiz": "taliban"}),
        # no side named, or new ground taken by the side that is not the capturer: a front line
        ("Sharana has been retaken, the governor said.", {"Sharan": "contested"}),
        ("Militia fighters seized Dushi on Friday.", {"Dushi": "contested"}),
    ],
)
def test_retakes_by_a_named_side(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_a_sides_own_office_speaking_is_that_sides_claim(ev):
    rows = ev("The militia's press office said its fighters had driven the insurgents out of Nahrin.")
    assert statuses(rows) == {"Nahrin": "resistance"}
    assert all(not r["confirmed"] for r in rows)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Residents say the insurgents have reached Nahrin district, 20 km to the east.", {"Nahrin": "contested"}),
        ("Taliban fighters reached Dushi late on Monday.", {"Dushi": "contested"}),
        # who reaches a place: people, or the other side falling back, do not fight for it
        ("Hundreds of displaced families reached Gardez on foot.", {}),
        ("After a tactical retreat the troops reached Sharana by dawn.", {}),
        ("The insurgents reached a deal with elders in Khinjan.", {}),
    ],
)
def test_the_capturing_side_reaching_a_place(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The losses leave the militia holding Khinjan and Dushi.", {"Khinjan": "resistance", "Dushi": "resistance"}),
        ("Now the insurgents hold just two towns: Sharana and Gardez.", {"Sharan": "taliban", "Gardiz": "taliban"}),
        ("That left the army controlling only a few districts: Nahrin and Dushi.", {"Nahrin": "resistance", "Dushi": "resistance"}),
        ("The army holds several cities in the south.", {}),
    ],
)
def test_a_side_left_holding_and_holds_announcing_a_list(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_but_that_starts_a_second_reported_clause(ev):
    got = statuses(ev("Officials said Gardez was still in government hands but that clashes went on in Zurmat."))
    assert got == {"Gardiz": "resistance", "Zurmat": "contested"}


@pytest.mark.parametrize(
    "text, expected",
    [
        # a side's flag, banner or administration over a place; a place in a side's possession
        ("Taliban flags now fly over Sharana.", {"Sharan": "taliban"}),
        ("The black banner of the Taliban fluttered above the square in Gardez.", {"Gardiz": "taliban"}),
        ("Dushi is now under the insurgents' flag.", {"Dushi": "taliban"}),
        ("Khinjan and Nahrin are under Taliban administration, residents said.", {"Khinjan": "taliban", "Nahrin": "taliban"}),
        ("The militants said Gardez had been in their possession since Monday.", {"Gardiz": "taliban"}),
        # entries by a named armed side; a place ceded; a place gone to a side; a speaker's "X is ours"
        ("The Taliban walked into Sharana without a fight.", {"Sharan": "taliban"}),
        ("Nahrin was ceded to the insurgents after talks.", {"Nahrin": "taliban"}),
        ("Dushi and Khinjan have gone to the Taliban since May.", {"Dushi": "taliban", "Khinjan": "taliban"}),
        ('"Gardez is still ours," a militia commander said.', {"Gardiz": "resistance"}),
    ],
)
def test_flags_administration_entries_and_speakers_claims(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize("text", [
    "Hundreds of families forced from their homes in Daykundi reached Kabul.",  # people displaced: no side driven out
    "A truck drove into a crowd in Gardez, witnesses said.",                  # no armed side enters
    "Pilgrims walked into Sharana for the festival.",
])
def test_displaced_people_and_movements_without_a_side(ev, text):
    assert statuses(ev(text)) == {}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Insurgent fighters drove into Sharana on motorbikes.", {"Sharan": "taliban"}),
        ("The militants walked into Dushi without a shot fired.", {"Dushi": "taliban"}),
        ("The insurgents now govern Khinjan through their own council.", {"Khinjan": "taliban"}),
        ("Since Friday Nahrin has been under insurgent administration.", {"Nahrin": "taliban"}),
        ("Gardez is under the authority of the militants.", {"Gardiz": "taliban"}),
        # no side named: no entry, no hold
        ("Aid workers drove into Sharana with supplies.", {}),
        ("The clinic is under the authority of the health ministry in Gardez.", {}),
    ],
)
def test_entries_by_road_and_governing(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The fight for Sharana is entering its third week.", {"Sharan": "contested"}),
        ("The struggle for Dushi went on through the night.", {"Dushi": "contested"}),
        ("The insurgents opened an offensive against Khinjan.", {"Khinjan": "contested"}),
        ("Insurgent cells infiltrated Nahrin overnight.", {"Nahrin": "contested"}),
        ("Army units broke the siege of Gardez on Monday.", {"Gardiz": "resistance"}),
        # "entering its second week" is no entry into a place
        ("Talks in Gardez entered their second day.", {}),
    ],
)
def test_fights_for_offensives_against_and_lifted_sieges(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The organised armed opposition is now based in Khinjan.", {"Khinjan": "resistance"}),
        ("The resistance remains concentrated in Dushi and the hills around it.", {"Dushi": "resistance"}),
        ("The resistance was in disarray after the defeat in Nahrin.", {}),
    ],
)
def test_where_the_opposition_is(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_pockets_of_resistance_are_a_front_line(ev):
    assert statuses(ev("Pockets of armed resistance remain in Khinjan.")) == {"Khinjan": "contested"}
    assert statuses(ev("Pockets of poverty remain in Dushi, officials said.")) == {}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Police still cling to Sharana despite the siege.", {"Sharan": "resistance"}),
        ("Dushi and Khinjan are Taliban country now, drivers say.", {"Dushi": "taliban", "Khinjan": "taliban"}),
        ("Nahrin went over to the Taliban last week.", {"Nahrin": "taliban"}),
    ],
)
def test_clinging_to_a_place_a_sides_country_and_going_over(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize("text", ["The country was at war in Gardez.", "Many went to Sharana.", "He clung to hope in Dushi."])
def test_common_words_of_those_phrases_alone(ev, text):
    assert statuses(ev(text)) == {}


def test_neighbouring_as_an_adjective_and_past_scenes_of_fighting(ev):
    # "said neighbouring X had fallen": X is the subject, not a landmark
    assert statuses(ev("An official said neighbouring Sharana had fallen to the insurgents.")) == {"Sharan": "taliban"}
    assert statuses(ev("Villages neighbouring Sharana were shelled.")) == {}
    # an apposition naming a past fight does not contest the place's present holder
    got = statuses(ev("Dushi, once the scene of heavy fighting between rival militias, is under insurgent control."))
    assert got == {"Dushi": "taliban"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Neighbouring Dushi remains under insurgent control, officials said.", {"Dushi": "taliban"}),
        ("Insurgent columns advanced overnight through Khinjan and Nahrin.", {"Khinjan": "taliban", "Nahrin": "taliban"}),
        ("Convoys of refugees moved through Khinjan.", {}),
    ],
)
def test_sentence_initial_neighbouring_and_advancing_through(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_not_confirming_a_fall_is_no_hold(ev):
    rows = ev("The ministry did not directly confirm the fall of Sharana.")
    assert statuses(rows) == {"Sharan": "taliban"} and not rows[0]["confirmed"]
    assert statuses(ev("Sharana has not fallen, the ministry said.")) == {"Sharan": "resistance"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Army retakes Dushi, Khinjan still under insurgents", {"Dushi": "resistance", "Khinjan": "taliban"}),
        ("Nahrin, now under militia fighters, was quiet on Monday.", {"Nahrin": "resistance"}),
        ("Sharana is now under new management, traders say.", {}),
    ],
)
def test_headline_still_under_a_side(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Neighbouring Dushi remains under Taliban control.", {"Dushi": "taliban"}),
        ("Police still hold the provincial capital Sharana, officials said.", {"Sharan": "resistance"}),
        ("The insurgents hold the provincial centre, Gardez, and the main road.", {"Gardiz": "taliban"}),
        ("The insurgents advanced over the weekend through Khinjan and Dushi.", {"Khinjan": "taliban", "Dushi": "taliban"}),
        ('"We lost Nahrin after three days," a militia fighter said.', {"Nahrin": "taliban"}),
        ("Army officers said Gardez was secure.", {"Gardiz": "resistance"}),
    ],
)
def test_a_subject_after_neighbouring_holding_a_capital_advancing_through_losses_and_security(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize("text", [
    "Families fled to neighbouring Dushi.",            # a destination
    "Aid convoys moved through Khinjan.",              # no armed side
    "A secure line to Gardez was installed.",          # not a statement about Gardez
])
def test_destinations_passages_and_secure_lines(ev, text):
    assert statuses(ev(text)) == {}


def test_a_place_abandoned_by_a_side_is_lost_by_it(ev):
    got = statuses(ev("The districts of Khinjan and Dushi had all been abandoned by security forces."))
    assert got == {"Khinjan": "taliban", "Dushi": "taliban"}
    assert statuses(ev("Gardez was surrendered by the army on Sunday.")) == {"Gardiz": "taliban"}
    assert statuses(ev("Sharana was captured by the Taliban.")) == {"Sharan": "taliban"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It is the fifth provincial capital to fall this week, after Gardez, Sharana and Khost.",
         {"Gardiz": "taliban", "Sharan": "taliban", "Khost(Matun)": "taliban"}),
        ("Nahrin was the latest district to be captured, after Dushi.", {"Nahrin": "taliban", "Dushi": "taliban"}),
        ("It was the first city to fall, after weeks of fighting.", {}),
    ],
)
def test_the_places_fallen_before_the_nth_to_fall(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Crossings:\nTorkham (Pakistan): in Taliban hands since Sunday.\nIslam Qala (Iran): still under government control.",
         {"Muhmand Dara": "taliban", "Kohsan": "resistance"}),
        ("Gardez: taken by the insurgents in early July.", {"Gardiz": "taliban"}),
        # a dateline is not a label: its sentence has a subject of its own
        ("GARDEZ: The insurgents captured Sharana on Friday.", {"Sharan": "taliban"}),
    ],
)
def test_fact_box_labels_and_their_predicates(ev, text, expected):
    got = {}
    for r in ev(text):
        got[r["district"]] = r["status"]
    assert got == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gardez fell on Monday, followed within days by Sharana and Khost.",
         {"Gardiz": "taliban", "Sharan": "taliban", "Khost(Matun)": "taliban"}),
        ("Nahrin fell, followed by days of looting.", {"Nahrin": "taliban"}),
        ("The delegation arrived in Gardez, followed by journalists.", {}),
    ],
)
def test_places_followed_by_others_in_a_run_of_captures(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Heavy fighting raged in Gardez, but the attackers were driven back.", {"Gardiz": "resistance"}),
        ("Clashes broke out in Sharana overnight, but the assault was repulsed by police.", {"Sharan": "resistance"}),
        ("Fighting raged in Gardez, and prices rose.", {"Gardiz": "contested"}),
    ],
)
def test_a_fight_whose_attackers_were_repulsed(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a city named before its province in apposition is not the container of the province
        ("In Sharana, the capital of Paktika, fighting continues.", {"Sharan": "contested"}),
        # a participle in scare quotes
        ('Insurgent accounts said Khinjan had been "conquered" overnight.', {"Khinjan": "taliban"}),
    ],
)
def test_city_before_its_province_and_quoted_participles(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the fight that led up to a capture is not a second statement about the place
        ("The Taliban walked into Gardez on Sunday after what officials called a week of fierce fighting around the city.",
         {"Gardiz": "taliban"}),
        ("After weeks of clashes around the town, Sharana fell to the Taliban.", {"Sharan": "taliban"}),
        # a fight at another place stays a fight
        ("The Taliban took Sharana on Monday after days of fighting, and clashes broke out in Gardez.",
         {"Sharan": "taliban", "Gardiz": "contested"}),
    ],
)
def test_the_fight_that_led_up_to_a_capture(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # what one side is left holding after a loss is still that side's
        ("After the fall of the southern towns, the government is left holding little more than Gardez and Sharana.",
         {"Gardiz": "resistance", "Sharan": "resistance"}),
        ("The loss of Khost leaves the army with only Gardez and a few districts.",
         {"Khost(Matun)": "taliban", "Gardiz": "resistance"}),
        # troops that pull back from a place leave it to the other side
        ("Police pulled back from Sharana district late on Sunday.", {"Sharan": "taliban"}),
        ("Police pulled back to Sharana after the attack.", {}),
    ],
)
def test_what_a_side_is_left_holding_and_pulling_back(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a side beaten in a place lost it
        ("Police units were routed in Sharana on Tuesday and fell back to Gardez.", {"Sharan": "taliban"}),
        # re-asserting control with a possessive
        ("The Taliban reasserted their control over Sharana and Gardez within a day.",
         {"Sharan": "taliban", "Gardiz": "taliban"}),
        # a quoted quantifier between the verb and the place
        ('Local militias still hold "every inch" of Gardez, their commander said.', {"Gardiz": "resistance"}),
    ],
)
def test_defeated_in_reasserted_control_every_inch(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the end points of a road are landmarks, not places fought over
        ("Clashes broke out overnight in Zurmat district on the Gardez-Ghazni highway.", {"Zurmat": "contested"}),
        ("The Taliban overran Sayed Karam on the Gardez–Khost road.", {"Sayed Karam": "taliban"}),
        # a push still under way is a fight, not a capture
        ("Overnight the Taliban pushed deeper into Gardez.", {"Gardiz": "contested"}),
        # towns surrounded by lost districts are not besieged
        ("Towns such as Gardez and Sharana were surrounded by districts already lost.", {}),
        # the defenders' quoted verb
        ('Police said they had "successfully repelled" a Taliban assault on Zurmat.', {"Zurmat": "resistance"}),
    ],
)
def test_roads_pushes_under_way_and_repelled_assaults(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Zurmat and Sayed Karam were lost to the Taliban weeks ago.", {"Zurmat": "taliban", "Sayed Karam": "taliban"}),
        ("Police units were in control of Zurmat and Sharana, the spokesman said.", {"Zurmat": "resistance", "Sharan": "resistance"}),
        ("Officials concede that Zurmat and Sayed Karam are with the Taliban.", {"Zurmat": "taliban", "Sayed Karam": "taliban"}),
        # words that only look like the constructions
        ("The talks in Gardez are with the Taliban.", {}),
        ("Many lives were lost in Zurmat.", {}),
    ],
)
def test_lost_in_control_of_and_with_a_side(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a place fronted as where it happens, with its posts or offices as the object
        ("In Sharana, the security forces abandoned their positions overnight.", {"Sharan": "taliban"}),
        ("In Gardez, the Taliban seized the governor's office on Sunday.", {"Gardiz": "taliban"}),
        # a few posts taken is not the place
        ("In Zurmat district, the Taliban took several check posts, but the district centre remained with the government.",
         {"Zurmat": "resistance"}),
        # guarding a place holds it
        ("Militiamen were guarding the Zurmat valley.", {"Zurmat": "resistance"}),
        # the rulers that replaced the government are the capturing side
        ("The main road through Gardez is under the full control of the new authorities.", {"Gardiz": "taliban"}),
    ],
)
def test_fronted_places_guarding_and_new_authorities(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a capital named for its government ("Kabul denies") is not a place of the statement
        ("Taliban say they have captured Sharana; Gardez denies", {"Sharan": "taliban"}),
        # the other cities of a shared dateline
        ("ISLAMABAD/GARDEZ - The Taliban said on Monday they had taken Sharana.", {"Sharan": "taliban"}),
        # a spokesman's seat
        ("A police spokesman in Gardez said Zurmat had fallen to the Taliban.", {"Zurmat": "taliban"}),
    ],
)
def test_places_that_speak_datelines_and_spokesmen(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a side holds a counted group of places, listed after a colon, "including" or "such as"
        ("The Taliban now control three of the country's 34 provincial capitals: Gardez, Sharana and Khost.",
         {"Gardiz": "taliban", "Sharan": "taliban", "Khost(Matun)": "taliban"}),
        ("The insurgents control nearly all districts, including Zurmat and Sayed Karam.",
         {"Zurmat": "taliban", "Sayed Karam": "taliban"}),
        ("The Taliban controlled all the districts around it, including Zurmat and Sayed Karam.",
         {"Zurmat": "taliban", "Sayed Karam": "taliban"}),
        ("The government still holds a few capitals, such as Gardez and Sharana.",
         {"Gardiz": "resistance", "Sharan": "resistance"}),
        # a count with no list names nothing
        ("The Taliban now control about half of the country's districts.", {}),
    ],
)
def test_a_side_holds_a_listed_group_of_places(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # narrative "went" / "gone" with a time: a place that fell
        ("Gardez went the same night.", {"Gardiz": "taliban"}),
        ("Zurmat and Sayed Karam went over in the first days of July.", {"Zurmat": "taliban", "Sayed Karam": "taliban"}),
        ("Sharana had already gone on 14 August.", {"Sharan": "taliban"}),
        ("The first provincial capital to go was Sharana.", {"Sharan": "taliban"}),
        # "went on" as "continued", and people who went somewhere
        ("Fighting went on overnight in Gardez.", {"Gardiz": "contested"}),
        ("Elders from Zurmat went on Monday to Gardez.", {}),
    ],
)
def test_narrative_went_and_gone(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # "captures" as a noun is not a verb whose object follows
        ("With these latest captures, only Gardez and Khost remain in government hands.",
         {"Gardiz": "resistance", "Khost(Matun)": "resistance"}),
        # "took control" with no object: of the place the clause is fronted with
        ("In Sharana, the capital of Paktika, the Taliban took control on Monday.", {"Sharan": "taliban"}),
        # an operation to retake a place is a fight for it, not a retake
        ("Government forces launched an operation to retake Gardez.", {"Gardiz": "contested"}),
        # armed men of a side who were in a place
        ("Residents said the Taliban were still in the Zurmat district.", {"Zurmat": "taliban"}),
    ],
)
def test_nouns_objectless_captures_operations_and_presence(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Taliban fighters and police exchanged fire in Zurmat district overnight.", {"Zurmat": "contested"}),
        ("Government forces are holding the line in Zurmat.", {"Zurmat": "resistance"}),
        ("Sayed Karam is still being defended by police.", {"Sayed Karam": "resistance"}),
        # an exchange of views is not a fight
        ("Elders in Gardez exchanged views with the governor.", {}),
    ],
)
def test_exchanges_of_fire_and_holding_the_line(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_a_timeline_lists_places_not_where_they_are(ev):
    text = ("Here is a timeline of the provincial capitals that fell:\n\n"
            "AUG 7 - Sharana in Paktika, the stronghold of a local commander.\n\n"
            "AUG 10 - Gardez and Khost, on the highway south of Kabul.\n\n"
            "AUG 12 - Zurmat. In Gardez, the Taliban capture a police commander.\n")
    rows = ev(text)
    got = {(r["mention"], r["date"]) for r in rows if r["status"] == "taliban"}
    assert ("Sharana", "2021-08-07") in got and ("Gardez", "2021-08-10") in got and ("Khost", "2021-08-10") in got
    assert ("Zurmat", "2021-08-12") in got
    # the places a line names only as where another is are not taken on that date
    assert not any(m in ("Paktika", "Kabul") for m, _ in got)


def test_an_estimate_that_a_place_could_hold_out_is_no_hold(ev):
    assert statuses(ev("Intelligence had estimated in June that Gardez could hold out for six months.")) == {}


@pytest.mark.parametrize(
    "text, expected",
    [
        # the end of a word cut by a look-behind window is not a word ("governor" is no "nor")
        ("The governor and elders agreed to hand over Gardez to the Taliban.", {"Gardiz": "taliban"}),
        ("Shopkeepers in Gardez said the Taliban had seized the town.", {"Gardiz": "taliban"}),
    ],
)
def test_words_cut_by_a_window_are_not_read(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_it_as_the_object_of_a_capture(ev):
    rows = ev("The Taliban attacked Gardez on Friday. The militants seized it on Sunday.")
    assert ("it", "taliban", "capture") in [(r["mention"], r["status"], r["kind"]) for r in rows]
    assert {r["district"] for r in rows if r["mention"] == "it"} == {"Gardiz"}


@pytest.mark.parametrize(
    "text, expected",
    [
        # a gapped list: the verb and its time, then places each with a time of their own
        ("Gardez fell on Sunday, Sharana on Monday and Khost on Tuesday.",
         {"Gardiz": "taliban", "Sharan": "taliban", "Khost(Matun)": "taliban"}),
        ("Gardez fell on Friday, followed on Saturday by Sharana.", {"Gardiz": "taliban", "Sharan": "taliban"}),
        # a place with a time that is not a gapped member
        ("Gardez fell on Sunday, officials in Sharana said on Monday.", {"Gardiz": "taliban"}),
        # a fight told as background gives way to the clause's own verb
        ("After weeks of fighting, the Paktia capital fell on Friday.", {"Gardiz": "taliban"}),
    ],
)
def test_gapped_lists_and_background_fights(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_a_road_named_for_a_place_is_a_landmark(ev):
    rows = ev("The Taliban entered Gardez from three directions, from Zurmat and the Sayed Karam road.")
    assert statuses(rows) == {"Gardiz": "taliban"}


def test_every_cue_pattern_is_indexed_by_a_word_it_contains():
    # _CUE_PATTERNS and _CUE_PATTERN_WORDS are index-aligned: a pattern indexed by another pattern's words
    # would never run on the clauses it is written for
    import importlib

    E = importlib.import_module("geoevents.events")  # (the package's ``events`` is the function)
    for i, ((pat, _spec), words) in enumerate(zip(E._CUE_PATTERNS, E._CUE_PATTERN_WORDS)):
        source = pat.pattern.lower()
        assert any(w[:5] in source for w in words), (i, pat.pattern[:80], sorted(words)[:5])


def test_an_absolute_phrase_of_a_place_gone(ev):
    assert statuses(ev("With Gardez gone, Khost is now the only city not in Taliban hands.")) == {
        "Gardiz": "taliban", "Khost(Matun)": "resistance"}


@pytest.mark.parametrize(
    "text, expected",
    [
        # places that escaped a fight, people who fled one, a side that once held a place, "its capture"
        ("Many moved to towns such as Gardez and Khost, which have so far escaped the worst of the fighting.", {}),
        ("Thousands have fled the fighting into the mountains and to Gardez.", {}),
        ("His militia once controlled much of Paktia and Khost.", {}),
        ("Its capture leaves the Zurmat road exposed.", {}),
        ("The capture of Gardez stunned officials.", {"Gardiz": "taliban"}),
    ],
)
def test_fights_escaped_or_fled_and_former_control(ev, text, expected):
    assert statuses(ev(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # "there" after a fight or a hold stands for the place just named
        ("Commandos were flown into Zurmat district on Sunday, and fighting was under way there.", {"Zurmat": "contested"}),
        # "there" as an existential or a plain location says nothing
        ("There was no fighting in Zurmat.", {}),
        ("Officials there said Zurmat was calm.", {}),
    ],
)
def test_there_after_a_fight(ev, text, expected):
    assert statuses(ev(text)) == expected
_CASE_TEXTS = [
    "Taliban fighters captured the city of Kunduz after heavy fighting on Sunday",
    "the loss of Ghazni and the fall of Herat were confirmed by officials",
    "Government forces handed Spin Boldak over to the insurgents without a fight",
    "militants arrived in Taloqan late at night, residents said",
    "The army withdrew from Ishkashim and gave up Wakhan to the group",
    "we have lost Khost, a commander admitted, but still hold the airport",
    "clashes continued around Lashkar Gah while the Taliban attacked the provincial capital",
    "resistance forces are holding Panjshir and control the main road",
    "The insurgents shelled Gereshk and infiltrated the district centre",
    "Taliban fighters have reached Mazar-i-Sharif, officials said",
    "the opposition is now concentrated in the valley, and rules Andarab",
    "the attackers moved into Kandahar overnight and advanced to the airport",
    "fighters swept through Badakhshan, a struggle for Faizabad followed",
]


def test_wide_scans_find_what_the_cue_patterns_find():
    # a cue pattern with a case-sensitive part is run where its lower-cased wide twin matches: same matches
    from geoevents.events import _CUE_TABLE, _cue_superset, _finditer_superset

    texts = [f(t) for t in _CASE_TEXTS for f in (str, str.upper, str.lower, str.title, str.swapcase)]
    used = 0
    for i in range(len(_CUE_TABLE)):
        wide = _cue_superset(i)
        if wide is None:
            continue
        used += 1
        pat = _CUE_TABLE[i][0]
        for t in texts:
            want = [(m.span(), m.groupdict()) for m in pat.finditer(t)]
            got = [(m.span(), m.groupdict()) for m in _finditer_superset(pat, wide, t, t.lower())]
            assert got == want, (i, t)
    assert used


@pytest.mark.parametrize("pattern, flags, wide", [
    (r"\bloss\s+of(?=\s+(?-i:[A-Z]))", "i", r"\bloss\s+of(?=\s+(?:[a-z]))"),
    (r"(?i:\bhold)\s+(?=[A-Z]|[Tt]he)", "", r"(?:\bhold)\s+(?=[a-z]|[tt]he)"),
    (r"\bx(?!\s+(?-i:[A-Z]))", "i", None),  # widening inside a negative lookahead would narrow the pattern
    (r"x(?-i:[^a-z])", "i", None),
    (r"[^\W\d_]+(?-i:[A-Z])", "i", r"[^\W\d_]+(?:[a-z])"),
])
def test_wide_twin_of_a_partly_case_sensitive_pattern(pattern, flags, wide):
    import re

    from geoevents.sentences import _superset_free

    got = _superset_free(re.compile(pattern, re.I if flags else 0))
    assert (got.pattern if got is not None else None) == wide


def test_a_live_blog_link_line_after_a_time_stamp_is_furniture(ev):
    from geoevents.sentences import is_junk

    assert is_junk("11:30 - Read more: What the fall of Gardez means for trade")
    assert not is_junk("11:30 - The Taliban took Gardez.")
    assert statuses(ev("11:30 - Read more: What the fall of Gardez means for trade")) == {}


def test_a_decade_named_in_words_is_history(ev):
    assert statuses(ev("Jaghori held out against the Taliban in the Nineties.")) == {}


def test_a_hold_told_as_later_the_same_day_ends_the_fight_before_it(ev):
    text = ("By mid-morning Taliban fighters were at the gates of Gardez. "
            "By the afternoon, Taliban fighters were in Gardez.")
    assert statuses(ev(text)) == {"Gardiz": "taliban"}


@pytest.mark.parametrize(
    "text, expected",
    [
        # an object relative clause in the present: "X, which the Taliban control, ..."
        ("Gardez, which the Taliban control, is quiet.", {"Gardiz": "taliban"}),
        # the district centres of a list of places
        ("The Taliban control the district centres of Zurmat and Sayed Karam.", {"Zurmat": "taliban", "Sayed Karam": "taliban"}),
        ("Gardez, which the talks hold in esteem, is calm.", {}),
    ],
)
def test_present_relative_holds_and_district_centres_of(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_raising_a_flag_in_front_of_a_building_in_a_place(ev):
    assert statuses(ev("Photos showed Taliban fighters raising their flag in front of the governor's compound in Gardez.")) == {
        "Gardiz": "taliban"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Taliban fighters also attacked security posts in Zurmat on Tuesday night.", {"Zurmat": "contested"}),
        ("The Taliban broke into Gardez from the east on Thursday.", {"Gardiz": "taliban"}),
        ("The news broke in Gardez on Monday.", {}),
    ],
)
def test_attacks_on_posts_and_breaking_into_a_place(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_armed_men_in_the_district_referred_back_to(ev):
    rows = ev("The Taliban attacked Zurmat on Monday. Residents said the Taliban had been in the district since Tuesday.")
    assert ("the district", "taliban", "hold") in [(r["mention"], r["status"], r["kind"]) for r in rows]


def test_look_behind_windows_at_the_ends_of_a_text():
    import importlib

    E = importlib.import_module("geoevents.events")
    assert E._window("governor and", 5, 40) == " and"  # a cut word is dropped; an end past the text is the end
    assert E._window("Kabul", 5, 9) == ""
    assert E._window("Kabul", -3, 2) == "Ka"


@pytest.mark.parametrize(
    "text, expected",
    [
        # "their men" belong to whoever the sentence speaks of, not to a side named in the sentence before
        ("Dozens of Taliban were killed. Local commanders said their men now hold Zurmat.", {}),
        # "the port" referred back to
        ("Sher Khan Bandar was quiet on Sunday. The Taliban have held the port since June.", {"Imam Sahib": "taliban"}),
    ],
)
def test_their_men_and_the_port(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_the_corridor_and_the_pass_refer_back(ev):
    rows = ev("The Salang Pass was closed on Monday. The Taliban took the pass on Tuesday.")
    assert [(r["mention"], r["status"]) for r in rows] == [("the pass", "taliban")]
    assert statuses(ev("The talks will pass a resolution on Gardez.")) == {}


def test_a_fact_box_line_with_a_list_of_places_before_its_colon(ev):
    got = statuses(ev("Gardez, Sharana, Khost: under Taliban control since late last week"))
    assert got == {"Gardiz": "taliban", "Sharan": "taliban", "Khost(Matun)": "taliban"}


@pytest.mark.parametrize(
    "text, expected",
    [
        # a counted group of places lost, listed after a colon or "included"
        ("That makes three provincial capitals lost in two days: Gardez, Sharana and Khost.",
         {"Gardiz": "taliban", "Sharan": "taliban", "Khost(Matun)": "taliban"}),
        ("Other capitals lost on Friday included Gardez and Sharana.", {"Gardiz": "taliban", "Sharan": "taliban"}),
        # gapped dates written "Aug. 8"; "went this way"
        ("When Gardez fell on Aug. 7 and Sharana on Aug. 8, the pattern was set.", {"Gardiz": "taliban", "Sharan": "taliban"}),
        ("Zurmat and Sayed Karam went this way.", {"Zurmat": "taliban", "Sayed Karam": "taliban"}),
        # districts merely counted
        ("Officials counted the districts lost so far.", {}),
    ],
)
def test_counted_groups_lost_and_gapped_abbreviated_dates(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_places_left_in_a_sides_hands_listed_after_a_colon(ev):
    got = statuses(ev("The handovers left only a handful of provincial centres in government hands: Gardez, Khost and Sharana."))
    assert got == {"Gardiz": "resistance", "Khost(Matun)": "resistance", "Sharan": "resistance"}


def test_the_others_are_a_list_of_the_places_counted_before(ev):
    got = statuses(ev("Five provincial capitals have now fallen in under a week. The others are Gardez, Sharana and Khost."))
    assert got == {"Gardiz": "taliban", "Sharan": "taliban", "Khost(Matun)": "taliban"}


@pytest.mark.parametrize(
    "text, expected",
    [
        # "none had fallen" negates the fall
        ("Gardez, Sharana and Khost came under pressure, yet none had fallen.",
         {"Gardiz": "resistance", "Sharan": "resistance", "Khost(Matun)": "resistance"}),
        # districts that were handed over, including A and B (not the place the sentence is fronted with)
        ("In Paktia alone, officials counted at least ten districts that were handed over in June, including Zurmat and Sayed Karam.",
         {"Zurmat": "taliban", "Sayed Karam": "taliban"}),
        # gapped with "soon after"
        ("Zurmat fell in June, Sayed Karam soon after.", {"Zurmat": "taliban", "Sayed Karam": "taliban"}),
    ],
)
def test_none_had_fallen_handed_over_including_and_soon_after(ev, text, expected):
    assert statuses(ev(text)) == expected


def test_the_scene_of_old_battles_gives_way_to_the_clause_verb(ev):
    got = statuses(ev("Zurmat, the scene of some of the bloodiest battles of the war, has been under Taliban control since 2015."))
    assert got == {"Zurmat": "taliban"}


def test_a_bulleted_tally_with_dates_at_the_ends_of_its_lines(ev):
    text = ("Here is a running tally of the provincial capitals that have fallen since Aug. 6:\n\n"
            "\u2014 Sharana, capital of Paktika, on Aug. 7.\n"
            "\u2014 Gardez and Khost, all on Aug. 8.\n")
    rows = ev(text)
    got = {(r["mention"], r["date"]) for r in rows if r["status"] == "taliban"}
    assert got == {("Sharana", "2021-08-07"), ("Gardez", "2021-08-08"), ("Khost", "2021-08-08")}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("In Gardez, the Taliban are now firmly in charge, residents say.", {"Gardiz": "taliban"}),
        ("The governor of Gardez is in charge of the talks.", {}),
    ],
)
def test_a_side_in_charge_of_the_place_the_clause_speaks_of(ev, text, expected):
    assert statuses(ev(text)) == expected

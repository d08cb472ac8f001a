"""The marking-match engine: keys, alignment costs, and ranking within one State's registry."""

from importlib import import_module

import pytest

from salw.markings.normalise import normalise_marking
from salw.registry.models import Marking
from salw.registry.services.loading import load_reference
from salw.registry.testing import pistol
from salw.tracing.candidates import plan_probes
from salw.tracing.engine import Reading, match, reading_key
from salw.tracing.indexing import rebuild_keys
from salw.tracing.keys import skeleton
from salw.tracing.models import ReversedSerialKey, SerialKey
from salw.tracing.scoring import Difference, compare_serials


def test_skeleton_folds_the_confusions_of_worn_marks() -> None:
    assert skeleton("K7D3O1") == skeleton("K70301") == skeleton("K7Q301") == "K70301"
    assert skeleton("IL1") == "111" and skeleton("SZGB") == "5268"
    assert skeleton(normalise_marking("ак-7d3 o1")) == "AK70301"
    # Cyrillic Ze is the digit 3 on a worn mark, as Latin Z is 2 (lower case too).
    assert (
        skeleton(normalise_marking("К7DЗ01")) == skeleton(normalise_marking("k7dз01")) == "K70301"
    )
    assert reading_key("K7?3O1") == ("K7?3O1", "K7?301")


@pytest.mark.parametrize(
    ("read", "recorded", "kinds"),
    [
        ("K7?3O1", "K7D301", [Difference.UNREADABLE, Difference.CONFUSION]),
        ("301", "K7D301", [Difference.MISSING_PREFIX] * 3),
        ("K7X301", "K7D301", [Difference.SUBSTITUTION]),
        ("K7D3", "K7D301", [Difference.MISSING_SUFFIX] * 2),
        ("K7D301", "K7D301", []),
    ],
)
def test_alignment_explains_each_difference(read: str, recorded: str, kinds: list) -> None:
    comparison = compare_serials(read, recorded)
    assert [d.kind for d in comparison.differences] == kinds


def test_costs_follow_how_likely_each_difference_is() -> None:
    exact = compare_serials("K7D301", "K7D301").cost
    confusion = compare_serials("K7O301", "K7D301").cost
    unreadable = compare_serials("K7?301", "K7D301").cost
    other = compare_serials("K7X301", "K7D301").cost
    assert exact < unreadable < confusion < other


def test_probes_use_the_longest_literal_end() -> None:
    probes = plan_probes("K7?301")
    skeleton_probe, reverse_probe = probes
    assert reverse_probe.pattern == "103?7K*"
    assert "10307K" in reverse_probe.literals and "10317K" in reverse_probe.literals
    # "K7" alone would scan too wide a range: the unreadable character is spelt out instead.
    assert skeleton_probe.pattern == "K7?301*"
    assert "K70301" in skeleton_probe.literals and "K7A301" in skeleton_probe.literals
    assert "K7O301" not in skeleton_probe.literals  # O is folded into 0
    assert plan_probes("??0??") == []


@pytest.mark.django_db
class TestMatching:
    @pytest.fixture(autouse=True)
    def registry(self) -> None:
        load_reference()
        self.right = pistol(serial="K7D301")
        self.near = [pistol(serial=s) for s in ("K7D307", "K70801", "X7D301", "K7D3011")]
        self.peru = pistol(username="peru.records", serial="K7D301")
        self.kenya = self.right.state_id

    def test_markings_are_indexed_as_they_are_recorded(self) -> None:
        keys = set(SerialKey.objects.filter(state_id=self.kenya).values_list("skeleton", flat=True))
        assert "K70301" in keys and "5K70301" in keys  # frame and slide ("S-K7D301")

    def test_a_worn_serial_with_the_make_finds_the_weapon_first(self) -> None:
        found = match(self.kenya, Reading("K7?3O1", manufacturer="FN Herstal"))
        assert found[0].weapon_id == self.right.pk
        assert found[0].comparison.cost < found[1].comparison.cost
        assert {c.weapon_id for c in found} <= {self.right.pk, *(w.pk for w in self.near)}
        agreement = {check.name: check.agrees for check in found[0].attributes}
        assert agreement["manufacturer"] is True

    def test_another_states_registry_is_never_searched(self) -> None:
        found = match(self.kenya, Reading("K7D301"))
        assert self.peru.pk not in {c.weapon_id for c in found}

    def test_a_missing_leading_part_is_found(self) -> None:
        found = match(self.kenya, Reading("D301", model="Five-seveN"))
        assert found[0].weapon_id in {self.right.pk, self.near[2].pk}
        kinds = {d.kind for d in found[0].comparison.differences}
        assert kinds == {Difference.MISSING_PREFIX}

    def test_one_other_difference_is_found_when_nothing_matches_exactly(self) -> None:
        found = match(self.kenya, Reading("K7D3X1"))
        assert self.right.pk in {c.weapon_id for c in found}

    def test_disagreeing_attributes_lower_the_rank(self) -> None:
        agree = match(self.kenya, Reading("K7D301", calibre="5.7x28 mm"))[0]
        disagree = match(self.kenya, Reading("K7D301", calibre="7.62x39"))[0]
        assert agree.weapon_id == disagree.weapon_id == self.right.pk
        assert agree.score > disagree.score

    def test_rebuilding_the_keys_gives_the_same_index(self) -> None:
        # Every confusable letter, and Cyrillic: PostgreSQL rebuilds with translate() in SQL.
        pistol(serial="БQIL-ZGB8 odqs-З3")

        def keys() -> tuple[set, set]:
            forward = set(SerialKey.objects.values_list("marking_id", "skeleton"))
            backward = set(ReversedSerialKey.objects.values_list("marking_id", "reverse"))
            return forward, backward

        forward, backward = keys()
        assert {(m, k[::-1]) for m, k in forward} == backward
        assert rebuild_keys() == len(forward)
        assert keys() == (forward, backward)

    def test_a_mark_saved_again_with_another_serial_is_keyed_anew(self) -> None:
        marking = Marking.objects.filter(component__weapon=self.right).order_by("pk").first()
        marking.serial_key = normalise_marking("Q9Z123")
        marking.save()
        mine = set(SerialKey.objects.filter(marking=marking).values_list("skeleton", flat=True))
        assert mine == {"092123"}
        assert set(
            ReversedSerialKey.objects.filter(marking=marking).values_list("reverse", flat=True)
        ) == {"321290"}


@pytest.mark.django_db
def test_imported_weapons_can_be_matched(tmp_path: object) -> None:
    import csv

    from salw.registry.importer.run import import_register
    from salw.registry.testing import user

    path = tmp_path / "register.csv"  # type: ignore[operator]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Record number", "Type", "Serial", "Make", "Model", "Calibre"])
        writer.writerow(["KE-1", "pistol", "B7Z-0551", "Glock", "17", "9x19"])
    run = import_register(path, actor=user("kenya.records"))
    assert run.rows_imported == 1
    found = match(user("kenya.records").state_id, Reading("87?0SS1"))
    assert found and found[0].serial_recorded == "B7Z0551"


@pytest.mark.django_db
def test_a_new_alias_is_used_by_the_next_match_at_once() -> None:
    from salw.registry.models import Manufacturer, ManufacturerAlias

    load_reference()
    weapon = pistol(serial="K7D301")
    reading = Reading("K7D301", manufacturer="Fabrique Nationale Liege")
    before = match(weapon.state_id, reading)[0]
    assert "manufacturer" not in {check.name for check in before.attributes}
    ManufacturerAlias.objects.create(
        manufacturer=Manufacturer.objects.get(name="FN Herstal"), text="Fabrique Nationale Liege"
    )
    after = match(weapon.state_id, reading)[0]
    assert {check.name: check.agrees for check in after.attributes}["manufacturer"] is True


def test_the_linear_alignment_costs_what_the_full_alignment_costs() -> None:
    """The shortcut is exact: same cost as dynamic programming on readings of worn marks."""
    import random

    from salw.tracing.scoring import full_alignment

    rng = random.Random(4)  # noqa: S311 - test data, not secrets
    alphabet = "0123456789ODQILZSGBKX"
    for _ in range(3000):
        recorded = "".join(rng.choice(alphabet) for _ in range(rng.randint(4, 12)))
        read = list(recorded[rng.randint(0, 3) : len(recorded) - rng.randint(0, 2)] or "1")
        for _ in range(rng.randint(0, 3)):
            read[rng.randrange(len(read))] = rng.choice(alphabet + "?")
        read_text = "".join(read)
        fast, full = compare_serials(read_text, recorded), full_alignment(read_text, recorded)
        assert fast.cost == full.cost, (read_text, recorded)
        assert {d.kind for d in fast.differences} <= set(Difference)


@pytest.mark.django_db
def test_the_match_says_how_many_more_weapons_fit_as_well() -> None:
    load_reference()
    twins = [pistol(serial=f"Q{n}5310") for n in range(1, 5)]  # all end in 5310
    found = match(twins[0].state_id, Reading("5310"), limit=2)
    assert len(found) == 2
    assert found.also_fitting == 2  # the four cost the same: one missing leading character each
    assert match(twins[0].state_id, Reading("Q15310"), limit=2).also_fitting == 0


@pytest.mark.django_db
def test_keys_made_before_cyrillic_ze_was_folded_are_rebuilt_by_the_migration() -> None:
    from django.apps import apps

    migration = import_module("salw.tracing.migrations.0010_serial_keys_fold_cyrillic_ze")
    weapon = pistol(serial="ЗК-4З1")  # as typed on a Russian keyboard: Ze, Ka
    other = pistol(serial="K7D301")
    marks = Marking.objects.filter(component__weapon=weapon)

    def keys() -> set:
        return set(SerialKey.objects.values_list("marking_id", "skeleton")) | set(
            ReversedSerialKey.objects.values_list("marking_id", "reverse")
        )

    folded = keys()
    assert {k for m, k in folded if m in {m.pk for m in marks}} >= {"3K431", "134K3"}
    migration.unfold_ze(apps, None)  # the keys as the previous groups made them
    assert ("ЗK4З1" in {k for _m, k in keys()}) and keys() != folded
    migration.fold_ze(apps, None)
    assert keys() == folded
    assert match(weapon.state_id, Reading("3K-431"))[0].weapon_id == weapon.pk
    assert other.pk != weapon.pk

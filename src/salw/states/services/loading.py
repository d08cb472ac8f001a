"""Loading the reference list of States and regions."""

from dataclasses import dataclass

from django.db import transaction

from salw.states.models import Region, RegionName, State, StateName, StateStatus
from salw.states.reference import iter_names, regions_and_states


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int


def _save_if_changed(instance: State | Region, values: dict) -> bool:
    changed = any(getattr(instance, field) != value for field, value in values.items())
    if changed:
        for field, value in values.items():
            setattr(instance, field, value)
        instance.save()
    return changed


@transaction.atomic
def load_states() -> LoadResult:
    """Create or bring up to date every State and region; rows already right are not touched.

    Running it twice changes nothing the second time (and writes nothing to the change log).
    """
    region_records, state_records = regions_and_states()
    created = updated = unchanged = 0
    regions = {region.m49: region for region in Region.objects.all()}
    for record in sorted(region_records, key=lambda r: r.parent_m49 is not None):
        values = {"parent": regions.get(record.parent_m49) if record.parent_m49 else None}
        region = regions.get(record.m49)
        if region is None:
            region = regions[record.m49] = Region.objects.create(m49=record.m49, **values)
            created += 1
        elif _save_if_changed(region, values):
            updated += 1
        else:
            unchanged += 1
        _sync_names(RegionName, "region", region, record.names)

    states = {state.iso3: state for state in State.objects.all()}
    for record in state_records:
        values = {
            "iso2": record.iso2,
            "m49": record.m49,
            "status": StateStatus.OBSERVER if record.observer else StateStatus.MEMBER,
            "un_member_since": record.un_member_since,
            "region": regions[record.region_m49],
            "subregion": regions[record.subregion_m49],
        }
        state = states.get(record.iso3)
        if state is None:
            state = State.objects.create(iso3=record.iso3, **values)
            created += 1
        elif _save_if_changed(state, values):
            updated += 1
        else:
            unchanged += 1
        _sync_names(StateName, "state", state, record.names)
    return LoadResult(created, updated, unchanged)


def _sync_names(name_model: type, owner_field: str, owner: object, names: dict[str, str]) -> None:
    stored = {row.language: row for row in name_model.objects.filter(**{owner_field: owner})}
    for language, name in iter_names(names):
        row = stored.get(language)
        if row is None:
            name_model.objects.create(**{owner_field: owner}, language=language, name=name)
        elif row.name != name:
            row.name = name
            row.save()

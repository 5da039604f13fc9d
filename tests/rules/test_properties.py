"""Properties that hold for any household: more income never raises the entitlement, and so on."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ifoflow.rules.calculate import calculate, entitlements
from ifoflow.rules.inputs import HouseholdInput
from ifoflow.rules.kinds import COST_KINDS, INCOME_KINDS

MONTH = date(2026, 3, 1)
amounts = st.integers(min_value=0, max_value=40_000)


@st.composite
def households(draw: st.DrawFn) -> HouseholdInput:
    def born(lo: int, hi: int) -> str:
        return (MONTH - timedelta(days=draw(st.integers(lo * 366, hi * 365)))).isoformat()

    members = [{"role": "sokande", "birth_date": born(18, 80),
                "incomes": draw(st.dictionaries(st.sampled_from(list(INCOME_KINDS)), amounts, max_size=3))}]
    if draw(st.booleans()):
        members.append({"role": "medsokande", "birth_date": born(18, 80)})
    for _ in range(draw(st.integers(0, 9))):
        members.append({"role": "barn", "birth_date": born(0, 20), "lunch_at_school": draw(st.booleans()),
                        "share_of_time": draw(st.sampled_from([1.0, 0.5, 0.3]))})
    if draw(st.booleans()):
        members.append({"role": "ovrig", "birth_date": born(18, 80)})
    costs = draw(st.dictionaries(st.sampled_from(list(COST_KINDS)), amounts, max_size=5))
    municipality = draw(st.sampled_from(["exempelstad", "exempelbygd"]))
    return HouseholdInput.model_validate({"members": members, "costs": costs, "municipality": municipality})


@settings(max_examples=60, deadline=None)
@given(households(), st.sampled_from(list(INCOME_KINDS)), st.integers(1, 50_000))
def test_more_income_never_raises_the_entitlement(household: HouseholdInput, kind: str, extra: int) -> None:
    before = calculate(household, MONTH)
    richer = household.model_copy(deep=True)
    richer.members[0].incomes[kind] = richer.members[0].incomes.get(kind, 0) + extra
    after = calculate(richer, MONTH)
    assert after.entitlement <= before.entitlement
    assert after.entitlement >= 0


@settings(max_examples=60, deadline=None)
@given(households(), st.sampled_from(list(COST_KINDS)), st.integers(1, 50_000))
def test_adding_a_cost_never_lowers_the_entitlement(household: HouseholdInput, kind: str, extra: int) -> None:
    before = calculate(household, MONTH)
    costlier = household.model_copy(deep=True)
    costlier.costs[kind] = costlier.costs.get(kind, 0) + extra
    assert calculate(costlier, MONTH).entitlement >= before.entitlement


@settings(max_examples=40, deadline=None)
@given(households())
def test_explanation_adds_up_and_result_is_never_negative(household: HouseholdInput) -> None:
    result = calculate(household, MONTH)
    assert result.entitlement == max(0, sum(line.amount for line in result.lines))


@settings(max_examples=10, deadline=None)
@given(st.lists(households(), min_size=2, max_size=12))
def test_batch_gives_the_same_result_as_one_at_a_time(items: list[HouseholdInput]) -> None:
    items = [h.model_copy(update={"municipality": "exempelstad"}) for h in items]
    batch = entitlements(items, MONTH, "exempelstad")
    assert batch.tolist() == [calculate(h, MONTH).entitlement for h in items]

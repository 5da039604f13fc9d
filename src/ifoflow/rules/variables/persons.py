"""Person variables: age in the month, household role, and personal costs by the riksnorm."""

import numpy as np
from openfisca_core.model_api import ETERNITY, MONTH, Variable, date

from ifoflow.rules.entities import Hushall, Person

CHILD_BANDS = ["alder_0_0", "alder_1_2", "alder_3_3", "alder_4_6", "alder_7_10", "alder_11_14", "alder_15_18",
               "alder_19_20"]


class fodelsedatum(Variable):
    value_type = date
    default_value = date(1970, 1, 1)
    entity = Person
    definition_period = ETERNITY
    label = "Födelsedatum"


class alder(Variable):
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Ålder i hela år den första dagen i månaden"

    def formula(person, period):  # type: ignore[no-untyped-def]
        born = person("fodelsedatum", period)
        start = period.start
        years = born.astype("datetime64[Y]").astype(int) + 1970
        months = born.astype("datetime64[M]").astype(int) % 12 + 1
        days = (born - born.astype("datetime64[M]")).astype(int) + 1
        not_yet = (months > start.month) | ((months == start.month) & (days > start.day))
        return start.year - years - not_yet


class andel_boende(Variable):
    value_type = float
    default_value = 1.0
    entity = Person
    definition_period = MONTH
    label = "Andel av tiden personen bor i hushållet (växelvis boende)"


class lunch_i_skola(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Får lunch i förskola eller skola fem dagar i veckan"


class sammanboende(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Vuxen som lever med make, maka eller sambo i hushållet"


class ingar_i_ansokan(Variable):
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Personen ingår i ansökan (sökande, medsökande eller barn)"

    def formula(person, period):  # type: ignore[no-untyped-def]
        return np.logical_not(person.has_role(Hushall.OVRIG))


class aldersgrupp(Variable):
    value_type = int
    default_value = -1
    entity = Person
    definition_period = MONTH
    label = "Barnets åldersgrupp i riksnormen (index i CHILD_BANDS); -1 för vuxna"

    def formula(person, period, parameters):  # type: ignore[no-untyped-def]
        age = person("alder", period)
        barn = parameters(period).riksnorm.barn
        group = np.full(age.shape, -1)
        for i, band in enumerate(CHILD_BANDS):
            p = barn[band]
            group = np.where((age >= p.fran_alder) & (age <= p.till_alder), i, group)
        return np.where(person.has_role(Hushall.BARN), group, -1)


class personlig_kostnad(Variable):
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Personliga kostnader enligt riksnormen, efter andel boende"
    reference = "Riksnormen: personliga kostnader per person efter ålder"

    def formula(person, period, parameters):  # type: ignore[no-untyped-def]
        p = parameters(period).riksnorm
        group = person("aldersgrupp", period)
        lunch = person("lunch_i_skola", period)
        child = np.zeros(group.shape)
        for i, band in enumerate(CHILD_BANDS):
            node = p.barn[band]
            amount = np.where(lunch, node.utan_lunch, node.hel) if "utan_lunch" in node._children else node.hel
            child = np.where(group == i, amount, child)
        adult = np.where(person("sammanboende", period), p.vuxna.sammanboende / 2, p.vuxna.ensamstaende)
        full = np.where(person.has_role(Hushall.BARN), child, adult)
        return np.floor(full * person("andel_boende", period) + 0.5)

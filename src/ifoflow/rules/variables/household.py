"""Household variables: size, common household costs and the riksnorm total."""

import numpy as np
from openfisca_core.model_api import MONTH, Variable

from ifoflow.rules.entities import Hushall

NORM_TABLE_SIZE = 7  # the ordinance lists one to seven persons; larger households follow 12 kap. 3 §


class antal_personer(Variable):
    value_type = int
    entity = Hushall
    definition_period = MONTH
    label = "Antal personer i hushållet"

    def formula(hushall, period):  # type: ignore[no-untyped-def]
        return hushall.nb_persons()


class antal_i_ansokan(Variable):
    value_type = int
    entity = Hushall
    definition_period = MONTH
    label = "Antal personer som ingår i ansökan"

    def formula(hushall, period):  # type: ignore[no-untyped-def]
        return hushall.sum(hushall.members("ingar_i_ansokan", period))


class gemensamma_hushallskostnader(Variable):
    value_type = float
    entity = Hushall
    definition_period = MONTH
    label = "Gemensamma hushållskostnader enligt riksnormen"

    def formula(hushall, period, parameters):  # type: ignore[no-untyped-def]
        table = parameters(period).riksnorm.gemensamma_hushallskostnader
        amounts = np.array([table[f"personer_{n}"] for n in range(1, NORM_TABLE_SIZE + 1)], dtype=float)
        size = hushall("antal_personer", period)
        within = amounts[np.clip(size, 1, NORM_TABLE_SIZE) - 1]
        # 12 kap. 3 § SoF (2025:468): each person beyond seven adds the step from six to seven persons.
        extra = np.maximum(size - NORM_TABLE_SIZE, 0) * (amounts[6] - amounts[5])
        total = within + extra
        # 12 kap. 3 §: an adult who is not a sambo gets the common costs divided by the number of members.
        applying = hushall("antal_i_ansokan", period)
        return np.floor(total * applying / np.maximum(size, 1) + 0.5)


class personliga_kostnader(Variable):
    value_type = float
    entity = Hushall
    definition_period = MONTH
    label = "Summa personliga kostnader för dem som ingår i ansökan"

    def formula(hushall, period):  # type: ignore[no-untyped-def]
        members = hushall.members
        return hushall.sum(members("personlig_kostnad", period) * members("ingar_i_ansokan", period))


class riksnorm(Variable):
    value_type = float
    entity = Hushall
    definition_period = MONTH
    label = "Riksnormen för hushållet"

    def formula(hushall, period):  # type: ignore[no-untyped-def]
        return hushall("personliga_kostnader", period) + hushall("gemensamma_hushallskostnader", period)

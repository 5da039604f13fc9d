"""The entitlement: the norm plus reasonable costs, minus incomes, never below zero."""

import numpy as np
from openfisca_core.model_api import MONTH, Variable

from ifoflow.rules.entities import Hushall


class behov(Variable):
    value_type = float
    entity = Hushall
    definition_period = MONTH
    label = "Hushållets behov: riksnorm och skäliga kostnader"

    def formula(hushall, period):  # type: ignore[no-untyped-def]
        return hushall("riksnorm", period) + hushall("skaliga_kostnader", period)


class underskott(Variable):
    value_type = float
    entity = Hushall
    definition_period = MONTH
    label = "Behov minus inkomster (negativt: inkomsterna räcker)"

    def formula(hushall, period):  # type: ignore[no-untyped-def]
        return hushall("behov", period) - hushall("inkomster", period)


class forsorjningsstod(Variable):
    value_type = float
    entity = Hushall
    definition_period = MONTH
    label = "Försörjningsstöd för månaden"

    def formula(hushall, period):  # type: ignore[no-untyped-def]
        return np.maximum(hushall("underskott", period), 0)

"""The kinds of costs and incomes the rules know, with Swedish labels. Anything else is refused."""

COST_KINDS: dict[str, str] = {
    "hyra": "Boendekostnad (hyra)",
    "hushallsel": "Hushållsel",
    "arbetsresor": "Arbetsresor",
    "hemforsakring": "Hemförsäkring",
    "fackavgift": "Fackavgift",
    "a_kassa_avgift": "Avgift till a-kassa",
    "barnomsorgsavgift": "Barnomsorgsavgift",
    "ovriga_godkanda": "Övriga godkända kostnader",
}

INCOME_KINDS: dict[str, str] = {
    "lon": "Lön",
    "a_kassa": "Ersättning från a-kassa",
    "sjukpenning": "Sjukpenning",
    "sjukersattning": "Sjukersättning eller aktivitetsersättning",
    "aktivitetsstod": "Aktivitetsstöd",
    "etableringsersattning": "Etableringsersättning",
    "foraldrapenning": "Föräldrapenning",
    "barnbidrag": "Barnbidrag",
    "flerbarnstillagg": "Flerbarnstillägg",
    "underhallsstod": "Underhållsstöd",
    "bostadsbidrag": "Bostadsbidrag",
    "pension": "Pension",
    "studiemedel": "Studiemedel (bidrag och lån)",
    "ovrig_inkomst": "Övrig inkomst",
}

ROLES: dict[str, str] = {"sokande": "Sökande", "medsokande": "Medsökande", "barn": "Barn", "ovrig": "Övrig vuxen"}

MAX_AMOUNT = 1_000_000  # per item and month; anything above is surely a typing error

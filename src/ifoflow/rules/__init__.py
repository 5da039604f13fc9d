"""Rules as code for försörjningsstöd, on openfisca-core. Pure: no database, clock or network."""

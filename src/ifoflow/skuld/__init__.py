"""Process: rent and electricity debt notices (skuldhantering): intake, registration, letters, orosanmälan
under the local three-debt rule, statistics."""


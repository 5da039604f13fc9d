"""Errors in the input to a calculation, with a Swedish message naming the field."""


class RuleInputError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

"""Stage 1, the model: bytes -> located YAML -> schema -> dataclasses -> one project with its links resolved.

Nothing here renders or knows a builder; every later stage reads what this one builds."""

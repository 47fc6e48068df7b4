"""subsim's exceptions: every problem with an input names the file and, where known, the line and
column (1-based), as the command line prints them (FILE:LINE:COL: error: MESSAGE)."""

from typing import List, NamedTuple


class Diagnostic(NamedTuple):
    """One problem: the file, line and column (0 when not known) and the message."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if not self.file:  # a message that carries its own position
            return self.message
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: error: {self.message}"


class SubsimError(Exception):
    """The base of subsim's own exceptions."""


class _PositionedError(SubsimError):
    def __init__(self, errors):
        self.errors: List[Diagnostic] = [Diagnostic(*e) for e in errors]
        first = self.errors[0] if self.errors else Diagnostic("", 0, 0, "unknown problem")
        self.file, self.line, self.column, self.message = first
        super().__init__("\n".join(str(e) for e in self.errors) or str(first))


class ScenarioError(_PositionedError, ValueError):
    """A scenario (or one of its variants, or a --set override) that does not load. `errors`
    lists every problem; `file`, `line`, `column` and `message` are the first one's."""


class InputError(_PositionedError, ValueError):
    """A data file subsim reads (a subscription export, a book) that it cannot use."""


class OutputError(SubsimError, OSError):
    """An output folder subsim will not write (it holds files subsim did not write, another
    process is writing it, or the disk refused): nothing in it was changed."""

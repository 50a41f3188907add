"""Rendering letter templates: Jinja, sandboxed, strict, and overridable per organisation.

- Sandboxed (`SandboxedEnvironment`): an organisation's template folder may be
  shared and edited by many people; a template can read the letter's fields
  but cannot reach into Python (no `__class__`, no file access).
- Strict (`StrictUndefined`): a misspelt field is an error naming the field,
  the template file and its line, never a silent blank in a letter to a GP.
- Autoescaped: templates write letter markup (a small subset of HTML, see
  `wor_cli.documents.markup`), and everything in a field is escaped, so what a
  coach typed is always text, never markup.
- Whitespace is left as Jinja makes it: the markup collapses it as HTML does,
  so the lines `{% if %}` tags leave behind never glue two words together
  nor split a paragraph.
- Bounded (`letters/sandbox.py`): output size, rendering time and the values
  a template can build are limited, and a template is read only from inside
  its folder (no symlink out of it), so no template can hang `wor`, fill the
  disk or copy another file into a letter.
- A `ChoiceLoader` looks in the organisation's folder first (`--templates DIR`
  or `wor config set templates_dir DIR`), then in the package: a file with the
  same name (`nl/eind.html.j2`) replaces the packaged letter, and the shared
  layout `nl/_brief.html.j2` can be replaced on its own.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path
from typing import Any

from wor_cli.errors import BadInput

PACKAGED = Path(__file__).resolve().parent.parent / "templates"
SUFFIX = ".html.j2"


def name_of(kind: str, lang: str) -> str:
    return f"{lang}/{kind}{SUFFIX}"


def render(name: str, context: dict[str, Any], folder: Path | None = None) -> str:
    """The letter markup of template `name`, or BadInput saying what is wrong and where."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError

    from wor_cli.letters.sandbox import TemplateLimit, render_bounded
    from wor_cli.letters.sandbox import reason as sandbox_reason

    environment = _environment(folder)
    try:
        template = environment.get_template(name)
        return render_bounded(template.generate(context), template.filename or name)
    except TemplateLimit as e:
        raise BadInput(e.key, **e.params) from None
    except TemplateSyntaxError as e:
        raise BadInput("letter.template.syntax", file=e.filename or e.name or name, line=e.lineno,
                       problem=e.message or "") from None
    except TemplateNotFound as e:
        raise BadInput("letter.template.not_found", name=e.name, folder=str(folder or PACKAGED)) from None
    except UndefinedError as e:
        file, line = _where(e, name)
        raise BadInput("letter.template.undefined", file=file, line=line, field=_field(str(e))) from None
    except Exception as e:  # noqa: BLE001 - a refusal of the sandbox, or a mistake such as text + number
        file, line = _where(e, name)
        refused = sandbox_reason(e)  # the sandbox's SecurityError, ours or Jinja's
        if refused is not None:
            raise BadInput("letter.template.unsafe", file=file, line=line, problem=refused) from None
        if line is None:
            raise  # not from a template: a bug of ours, for the last line of defence
        raise BadInput("letter.template.error", file=file, line=line,
                       problem=f"{type(e).__name__}: {e}") from None


def _environment(folder: Path | None):
    from jinja2 import ChoiceLoader, StrictUndefined

    from wor_cli.letters.sandbox import BoundedEnvironment, ContainedLoader

    loaders = [ContainedLoader(folder)] if folder else []
    loaders.append(ContainedLoader(PACKAGED))
    return BoundedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=True,
        finalize=_empty_for_none,
        auto_reload=False,
    )


def _empty_for_none(value: Any) -> Any:
    """A field that is known but empty (no e-mail address given) prints as nothing, not "None"."""
    return "" if value is None else value


def _where(error: BaseException, name: str) -> tuple[str, int | None]:
    """The template file and line an error happened in (Jinja maps its frames to templates)."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(SUFFIX):
            return frame.filename, frame.lineno
    return name, None


_NAMED = re.compile(r"""has no attribute '([^']+)'|^'([^']+)' is undefined|no element '?([^']+)'?""")


def _field(message: str) -> str:
    """The field Jinja could not find, from its message ("'dict object' has no attribute 'nmae'")."""
    found = _NAMED.search(message)
    return next((group for group in found.groups() if group), message) if found else message

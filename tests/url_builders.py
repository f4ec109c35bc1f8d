"""Most tests build an app of their own, and most of that time went into werkzeug compiling
two URL builders for each of the platform's routes: Python source generated and compiled, the
same for every app. Here a builder is compiled once per process and shared.

Safe because the generated function depends only on the rule's parts (`_trace`), its default
names and `append_unknown`: it reads the converters through the rule it is bound to
(`self._converters[...]`), not from the rule that compiled it. A rule whose default fills a
part of its path compiles that value in, so it is compiled as before."""

from werkzeug.routing.rules import Rule

_compile_builder = Rule._compile_builder
_compiled: dict[tuple, object] = {}


def _shared_builder(rule: Rule, append_unknown: bool = True):
    defaults = rule.defaults or {}
    if any(dynamic and part in defaults for dynamic, part in rule._trace):
        return _compile_builder(rule, append_unknown)
    key = (tuple(rule._trace), tuple(defaults), append_unknown)
    if key not in _compiled:
        _compiled[key] = _compile_builder(rule, append_unknown)
    return _compiled[key]


def share_url_builders() -> None:
    Rule._compile_builder = _shared_builder

"""Use cases of the national server. Each public function runs inside the caller's session and
leaves committing to it, unless its docstring says otherwise."""

"""profburst for Python: the viewer served from the standard library (``profburst FILE...|DIR``),
``%profburst`` in IPython and Jupyter, and per-request profiling for web apps
(``profburst.wsgi.ProfilerMiddleware``, ``profburst.asgi.ProfilerMiddleware``, ``profile_requests``)."""

__version__ = "0.1.0"

__all__ = ["show", "load_ipython_extension", "profile_requests", "__version__"]


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    # imported on first use, so `profburst FILE` does not pay for the notebook and decorator code
    if name == "profile_requests":
        from .decorator import profile_requests
        return profile_requests
    if name in ("show", "load_ipython_extension"):
        from . import notebook
        return getattr(notebook, name)
    raise AttributeError("module 'profburst' has no attribute %r" % name)

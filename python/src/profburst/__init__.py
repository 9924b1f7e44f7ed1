"""profburst for Python: the viewer served from the standard library (``profburst FILE...|DIR``),
``%profburst`` in IPython and Jupyter, and per-request profiling for web apps
(``profburst.wsgi.ProfilerMiddleware``, ``profburst.asgi.ProfilerMiddleware``, ``profile_requests``)."""

__version__ = "0.1.0"

from .decorator import profile_requests
from .notebook import load_ipython_extension, show

__all__ = ["show", "load_ipython_extension", "profile_requests", "__version__"]

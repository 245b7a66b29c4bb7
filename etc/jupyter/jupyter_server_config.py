"""The course's settings for a Jupyter server: JupyterLab (`make lab`), or Voila as a server extension
(Binder, JupyterHub: pages at /voila/render/...). `make lab` and binder/start put this folder on
JUPYTER_CONFIG_PATH. Standalone Voila (`make serve`) reads the same settings from voila.json.
"""

import os

c = get_config()  # noqa: F821 (traitlets provides it)

# Cookies end with the browser session; jupyter_server's default keeps them for 30 days.
c.IdentityProvider.cookie_options = {"expires_days": None}
# The _xsrf cookie too. Naming its cookie options replaces jupyter_server's own (the server's base URL as the
# path), so keep that path: JupyterHub and Binder give it as JUPYTERHUB_SERVICE_PREFIX.
c.ServerApp.tornado_settings.update(
    {"xsrf_cookie_kwargs": {"expires_days": None, "path": os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")}}
)

"""Serves Keystone's public WSGI application with waitress (the OpenStack tests' identity peer).

Usage: keystone_wsgi.py <keystone.conf> <port>. Keystone's WSGI loader parses sys.argv with oslo.config,
so the arguments are taken first and sys.argv is cleared before it is imported.
"""
import os
import sys

conf, port = sys.argv[1], int(sys.argv[2])
sys.argv = [sys.argv[0]]
os.environ["OS_KEYSTONE_CONFIG_FILES"] = conf
os.environ["OS_KEYSTONE_CONFIG_DIR"] = os.path.dirname(conf)

from keystone.server.wsgi import initialize_public_application  # noqa: E402
import waitress  # noqa: E402

app = initialize_public_application()
print(f"keystone listening on 127.0.0.1:{port}", flush=True)
waitress.serve(app, host="127.0.0.1", port=port, threads=4, _quiet=True)

"""Serves the app with the tests' fake services, as its own process: `python -m tests.serve_fake PORT`.
DATABASE_URL and SECRET_KEY come from the environment."""

import sys

from werkzeug.serving import make_server

from tests.fake_services import TEST_SERVICES
from webapp import create_app

if __name__ == "__main__":
    app = create_app({"SERVICES": TEST_SERVICES})
    server = make_server("127.0.0.1", int(sys.argv[1]), app, threaded=True)
    print("ready", flush=True)
    server.serve_forever()

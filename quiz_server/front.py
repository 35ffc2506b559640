"""`make run` in one foreground command: nginx on PORT in front of gunicorn on a private port.

    python -m quiz_server.front --host 127.0.0.1 --port 8000 --instance instance --site site

gunicorn's threads read requests themselves, so ten clients sending their headers slowly held
every thread and nobody else was answered (security review F2; bench/slowloris.py). nginx reads
each request whole, with timeouts, before passing it on, and serves the handbook itself.
nginx runs unprivileged with its own prefix, logs and temporary folders under the instance
folder; Ctrl-C (or SIGTERM) stops both. No setting is needed.
"""

import argparse
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from quiz_server.web import handbook_headers

TEMPLATE = Path(__file__).parent / "data" / "nginx.conf"
NGINX_CANDIDATES = ("nginx", "/usr/sbin/nginx")


def find_nginx():
    for name in NGINX_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("nginx is not installed: run `make run` (it installs Debian's nginx) or "
                     "apt-get install nginx-light")


def free_port(host="127.0.0.1"):
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def nginx_conf(prefix, listen, app, site, https=False, access_log="off"):
    """The configuration text for these addresses and folders."""
    user = ""
    if os.geteuid() == 0:
        # Started as root (a container, CI): the workers must still read the site and write
        # the temporary folders under instance/, which belong to this user.
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name};"
    hsts = (f'            add_header Strict-Transport-Security "{handbook_headers.HSTS}" always;'
            if https else "")
    values = {"USER": user, "PREFIX": str(prefix), "LISTEN": listen, "APP": app,
              "SITE": str(Path(site).resolve()), "CSP": handbook_headers.csp(site),
              "HSTS": hsts, "ACCESS_LOG": access_log}
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"@@{name}@@", value)
    return text


def write_conf(instance, listen, app, site, https=False, access_log="off"):
    """Write ``instance/nginx/nginx.conf`` (and its temporary folders); returns its path."""
    prefix = Path(instance).resolve() / "nginx"
    for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (prefix / sub).mkdir(parents=True, exist_ok=True, mode=0o700)
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_conf(prefix, listen, app, site, https, access_log), encoding="utf-8")
    return conf


def wait_for_port(host, port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def start(args):
    """Start gunicorn, then nginx; returns both processes."""
    app_port = free_port()
    env = dict(os.environ, QUIZ_TRUSTED_PROXIES="1")
    gunicorn = subprocess.Popen(  # noqa: S603 (our own interpreter and fixed arguments)
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{app_port}",
         "--workers", str(args.workers), "--threads", str(args.threads),
         "--no-control-socket", "--access-logfile", "-", "quiz_server.wsgi:create_wsgi()"],
        env=env)
    if not wait_for_port("127.0.0.1", app_port):
        gunicorn.terminate()
        raise SystemExit("gunicorn did not start; see the messages above")
    https = os.environ.get("QUIZ_PUBLIC_URL", "").startswith("https://")
    conf = write_conf(args.instance, f"{args.host}:{args.port}", f"127.0.0.1:{app_port}",
                      args.site, https)
    nginx = subprocess.Popen(  # noqa: S603 (Debian's nginx, our own configuration)
        [find_nginx(), "-p", str(conf.parent), "-c", str(conf),
         "-e", str(conf.parent / "error.log"), "-g", "daemon off;"])
    return gunicorn, nginx


def stop(processes):
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def main(argv=None):
    parser = argparse.ArgumentParser(description="nginx in front of gunicorn, in the foreground")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--instance", default="instance")
    parser.add_argument("--site", default="site")
    args = parser.parse_args(argv)
    processes = start(args)
    signal.signal(signal.SIGTERM, lambda *_: stop(processes))
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop(processes)
    return max((process.returncode or 0) for process in processes)


if __name__ == "__main__":
    sys.exit(main())

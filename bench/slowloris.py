"""A bounded slow-client probe: do slow sockets stop a server from answering everyone else?

    python bench/slowloris.py --port 8000 --sockets 20 --seconds 10 [--mode headers|idle|body]

N sockets connect to a loopback server and send a request very slowly (one header line every
few seconds, nothing at all, or a body one byte at a time), while a normal ``GET /quiz/login``
is timed once a second. Bounded on purpose: loopback only, at most 500 sockets, at most 120 s.
Prints the closing figures (normal requests answered, timed out, median and slowest time).
"""

import argparse
import http.client
import socket
import statistics
import threading
import time

MAX_SOCKETS, MAX_SECONDS = 500, 120
LOOPBACK = ("127.0.0.1", "::1", "localhost")


def _slow_socket(host, port, mode, stop, drip):
    """One slow client: it keeps its request unfinished until ``stop`` is set."""
    try:
        sock = socket.create_connection((host, port), timeout=5)
    except OSError:
        return
    try:
        if mode == "body":
            sock.sendall(f"POST /quiz/login HTTP/1.1\r\nHost: {host}\r\nContent-Type: "
                         "application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
                         .encode())
        elif mode == "headers":
            sock.sendall(f"GET /quiz/login HTTP/1.1\r\nHost: {host}\r\n".encode())
        while not stop.wait(drip):
            if mode == "headers":
                sock.sendall(b"X-Slow: 1\r\n")
            elif mode == "body":
                sock.sendall(b"a")
    except OSError:
        pass  # the server closed us: that is what a good front does
    finally:
        sock.close()


def _timed_get(host, port, path, timeout):
    """Seconds one normal request took, or None when it failed or timed out."""
    start = time.perf_counter()
    try:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        conn.close()
    except OSError:
        return None
    return time.perf_counter() - start if response.status < 500 else None


def probe(port, sockets=20, seconds=10, mode="headers", host="127.0.0.1", path="/quiz/login",
          timeout=5.0, drip=2.0):
    """Hold ``sockets`` slow clients for ``seconds`` and time one normal request a second.

    Returns ``{"times": [...], "failed": n}``: ``times`` are the seconds of the answered ones.
    """
    if host not in LOOPBACK:
        raise ValueError("the probe runs against a loopback server only")
    sockets, seconds = min(sockets, MAX_SOCKETS), min(seconds, MAX_SECONDS)
    stop = threading.Event()
    threads = [threading.Thread(target=_slow_socket, args=(host, port, mode, stop, drip),
                                daemon=True) for _ in range(sockets)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # let them connect first
    times, failed = [], 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        tick = time.monotonic()
        took = _timed_get(host, port, path, timeout)
        if took is None:
            failed += 1
        else:
            times.append(took)
        time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
    stop.set()
    for thread in threads:
        thread.join(timeout=5)
    return {"times": times, "failed": failed}


def summary(result):
    times = result["times"]
    if not times:
        return f"answered 0, failed {result['failed']}"
    return (f"answered {len(times)}, failed {result['failed']}, median "
            f"{statistics.median(times) * 1000:.0f} ms, slowest {max(times) * 1000:.0f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--sockets", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--mode", choices=("headers", "idle", "body"), default="headers")
    parser.add_argument("--path", default="/quiz/login")
    args = parser.parse_args()
    result = probe(args.port, args.sockets, args.seconds, args.mode, args.host, args.path)
    print(f"{args.sockets} {args.mode} sockets for {args.seconds} s: {summary(result)}")


if __name__ == "__main__":
    main()

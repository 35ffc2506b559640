"""How many wrong passwords and course keys are allowed, and from where (README, "Throttling").

A training room is forty to a hundred people behind one router, so one address is many
people: limits that concern a person are kept per account *and address*, and the address
alone has a limit sized for a whole room. One trainee's typos never block another trainee,
and a guesser slows down fast while the account's owner, from anywhere else, still logs in.
"""

from quiz_server.core.throttle import Limit, growing_delay, take

# The same account from the same address: the existing 10 failures in 5 minutes, and from
# the 4th failure within an hour on a pause that doubles (1 s, 2 s, 4 s … at most 5 minutes),
# so one address guesses a dozen passwords an hour at most.
LOGIN_PAIR = Limit("login-pair", 10, 300)
LOGIN_FREE_FAILURES, LOGIN_MAX_PAUSE, LOGIN_PAUSE_WINDOW = 3, 300, 3600
# One address, any accounts: a room of 100 with three typos each stays under it.
LOGIN_ADDRESS = Limit("login-address", 300, 300)
# One account, any addresses: only a guesser spread over many addresses reaches it; then the
# owner waits too (the README says so).
LOGIN_ACCOUNT = Limit("login-account", 100, 3600)

# Course keys: a trainee has 10 tries in 15 minutes; a room enrolling together shares 300.
KEY_ACCOUNT = Limit("enrol-key-account", 10, 900)
KEY_ADDRESS = Limit("enrol-key-address", 300, 900)


def take_login(db, account, address, now=None):
    """Count a login try before the password is checked; ``(wait, ticket)`` as ``take``."""
    pair = f"{account}\n{address}"

    def pause(db, now):
        return growing_delay(db, LOGIN_PAIR.kind, pair, LOGIN_FREE_FAILURES, LOGIN_MAX_PAUSE,
                             LOGIN_PAUSE_WINDOW, now)

    return take(db, [(LOGIN_PAIR, pair), (LOGIN_ADDRESS, address), (LOGIN_ACCOUNT, account)],
                extra_wait=pause, now=now)


def take_enrol_key(db, user_id, address, now=None):
    """Count a course-key try before the key is checked."""
    return take(db, [(KEY_ACCOUNT, str(user_id)), (KEY_ADDRESS, address)], now=now)

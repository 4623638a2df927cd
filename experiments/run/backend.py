"""Where the folds and the nested search run: here (joblib, `[experiment] n_jobs` processes) or on a Dask
cluster (`[experiment] scheduler = "tcp://host:port"`, through joblib's dask backend).

The numbers do not depend on where they are computed: every fold's estimator carries an explicit
random_state, the folds are fixed before any fit, and joblib hands the results back in submission order.
The nested grid search runs inside each fold's task, so it runs on the cluster too (joblib hands the
search's own parallel calls to the same cluster). `dask[distributed]` is an optional extra
(`pip install -e ".[dask]"`), imported only when a scheduler is set.
"""
from __future__ import annotations

import contextlib
import re
import struct

from experiments.config.resolved import Config
from features.errors import ConfigError

ADDRESS = re.compile(r"tcp://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*):(\d{1,5})")
CONNECT_TIMEOUT = 5  # seconds to wait for the scheduler before a one-line error
# Labelled segments below which the folds run in this process whatever n_jobs: a loky worker costs about
# 2 CPU s of imports and starts without the run's FitCache, while the whole seeds evaluation (35 segments,
# 4 models with nested search, 2 protocols) is about 5 CPU s in one process; with n_jobs = 2 the pool made
# the seeds_stance run 1.67 times slower (34.5 against 20.6 CPU s, 104 against 62 s of wall time, medians of
# 2 paired runs on a loaded 2-core machine). The spare core fits the learning curves and the final model,
# then draws figures, instead (forked processes, experiments/run/forked.py).
SMALL_CORPUS = 300
INSTALL = 'pip install -e ".[dask]"'


def check_scheduler(address: str, where: str) -> None:
    """A scheduler value is "" (run here) or `tcp://host:port`, and then dask.distributed must be installed.

    Illustration: check_scheduler("localhost:8786", "a.toml: [experiment] scheduler")
             -> ConfigError("a.toml: [experiment] scheduler: 'localhost:8786' is not a Dask scheduler address; …")
    """
    if not address:
        return
    m = ADDRESS.fullmatch(address)
    if not m or not 0 < int(m.group(2)) < 65536:
        raise ConfigError(f"{where}: {address!r} is not a Dask scheduler address; expected \"\" (run here) "
                          "or tcp://host:port, e.g. tcp://10.0.0.5:8786")
    if not installed():
        raise ConfigError(f"{where}: {address!r}: running on a Dask cluster needs dask.distributed, which is "
                          f"not installed; run `{INSTALL}` (or set scheduler = \"\")")


def installed() -> bool:
    """Whether dask.distributed can be imported (the optional extra `dask`)."""
    try:
        import distributed  # noqa: F401 (the optional extra `dask`: is it installed?)
    except ImportError:
        return False
    return True


def where(config_path: str, overrides=()) -> str:
    """How errors name the scheduler key: by the --set that gave it, else by file and table.

    >>> where("a.toml", ["experiment.scheduler=tcp://h:8786"])
    '--set experiment.scheduler'
    """
    if any(o.split("=", 1)[0].strip() == "experiment.scheduler" for o in overrides):
        return "--set experiment.scheduler"
    return f"{config_path}: [experiment] scheduler"


def n_jobs(config: Config, n_rows: int | None = None) -> int:
    """The n_jobs to give joblib: the config's here, every worker thread of the cluster (-1) on Dask, and 1
    for fewer than SMALL_CORPUS rows (`n_rows`, the labelled segments), whose folds run in this process.

    Illustration: n_jobs(<config with [experiment] n_jobs = 2, scheduler = "tcp://h:8786">) -> -1
             n_jobs(<config with [experiment] n_jobs = 2>, n_rows=35) -> 1
    """
    e = config.experiment
    if e.scheduler:
        return -1
    return 1 if small(n_rows) else e.n_jobs


def small(n_rows: int | None) -> bool:
    """Whether a corpus of `n_rows` labelled segments is below SMALL_CORPUS (None: unknown, not small).

    >>> small(35), small(1188), small(None)
    (True, False, False)
    """
    return n_rows is not None and n_rows < SMALL_CORPUS


def thread_limit(config: Config, n_rows: int | None = None) -> int:
    """BLAS/OpenMP threads of a step: the config's n_jobs, one for a small corpus (its matrices are too small
    for threads to pay, and one thread gives the numbers of n_jobs = 1 to the last bit).

    Illustration: thread_limit(<config with [experiment] n_jobs = 2>, 35) -> 1
    """
    return 1 if small(n_rows) else config.experiment.n_jobs


def spare_processes(config: Config, n_rows: int) -> int:
    """The processes a small corpus's run may fork for whole independent parts (experiments/run/forked.py):
    the config's n_jobs when its folds run in this process (small corpus, no cluster), else 1.

    Illustration: spare_processes(<config with [experiment] n_jobs = 2>, 35) -> 2
    """
    e = config.experiment
    return e.n_jobs if small(n_rows) and not e.scheduler else 1


@contextlib.contextmanager
def parallel_backend(config: Config, where: str = "config"):
    """Inside this block joblib sends its tasks to the config's Dask scheduler, if it names one.

    `where` names the key in errors (`file: [experiment] scheduler`). A scheduler that does not answer
    within CONNECT_TIMEOUT seconds is a ConfigError (one line, exit status 2); the client is closed after.
    Illustration: with parallel_backend(<config with scheduler "">): ...  -> runs here, as without it
             with parallel_backend(<config with scheduler "tcp://127.0.0.1:9">, "a.toml: [experiment] scheduler")
             -> ConfigError("a.toml: [experiment] scheduler: 'tcp://127.0.0.1:9': no Dask scheduler answered …")
    """
    address = config.experiment.scheduler
    if not address:
        yield None
        return
    check_scheduler(address, where)
    probe(address, where)
    from distributed import Client  # the optional extra `dask`: imported only when a scheduler is set
    from joblib import parallel_config  # here: config loading (stancelab check) reads this module

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except OSError as err:  # refused, unknown host, timed out
        raise ConfigError(f"{where}: {address!r}: no Dask scheduler answered within {CONNECT_TIMEOUT} s "
                          f"({_first_line(err)}); start one with `dask scheduler` and workers with "
                          "`dask worker ADDRESS`, or set scheduler = \"\"") from err
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as err:
        client.close()
        raise ConfigError(f"{where}: {address!r}: the scheduler has no worker after {CONNECT_TIMEOUT} s; start "
                          f"some with `dask worker {address}` on the machines") from err
    try:
        with parallel_config(backend="dask", client=client):
            yield client
    finally:
        client.close()


def probe(address: str, where: str, timeout: float = CONNECT_TIMEOUT) -> None:
    """Check that a Dask scheduler listens at `address` before Dask's client talks to it: a scheduler sends
    its handshake first, a frame that starts with its length (8 bytes, at most a few kB). Another server
    (a web or ssh server) sends nothing or text, which Dask's client would read as a length of petabytes
    and fail with MemoryError ("out of memory") and a traceback.

    Illustration: probe("tcp://127.0.0.1:22", "a.toml: [experiment] scheduler")
             -> ConfigError("a.toml: [experiment] scheduler: 'tcp://127.0.0.1:22' answered, but not as a Dask …")
    """
    import socket  # here: every config check loads this module, and only a set scheduler is probed

    host, port = ADDRESS.fullmatch(address).groups()
    try:
        sock = socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)
    except OSError:  # refused, unknown host, no answer: Dask's client says it in its own words below
        return
    head = b""
    with sock, contextlib.suppress(OSError):  # silent or closed: said below
        while len(head) < 8 and (data := sock.recv(8 - len(head))):
            head += data
    size = struct.unpack("<Q", head)[0] if len(head) == 8 else -1
    if not 0 < size < 1 << 24:
        got = "sent nothing" if not head else f"sent {head[:8]!r}…"
        raise ConfigError(f"{where}: {address!r} answered, but not as a Dask scheduler ({got} where a scheduler "
                          "sends its handshake); check the host and port of `dask scheduler`, or set "
                          "scheduler = \"\"")


def _first_line(err: BaseException) -> str:
    return str(err).splitlines()[0] if str(err) else type(err).__name__

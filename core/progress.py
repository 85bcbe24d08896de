"""A plain text progress bar for management commands (seed_demo, import_kle, …)."""


class ProgressBar:
    """Redrawn in place on a terminal; on a pipe or log, one line when a stage is finished."""

    WIDTH = 30

    def __init__(self, stdout, enabled=True):
        self.stdout, self.enabled = stdout, enabled
        self.tty = enabled and stdout.isatty()

    def __call__(self, label, done, total):
        if not self.enabled or (not self.tty and done < total):
            return
        filled = self.WIDTH * done // total if total else self.WIDTH
        line = f"{label:<18} {done:>7}/{total:<7} [{'#' * filled}{'.' * (self.WIDTH - filled)}]"
        if self.tty:
            self.stdout.write("\r" + line, ending="\n" if done >= total else "")
            self.stdout.flush()
        else:
            self.stdout.write(line)

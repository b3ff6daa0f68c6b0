import CNcursesw

/// The only module that talks to ncurses.
public enum TerminalModule {}

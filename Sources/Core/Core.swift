/// Formulas, molecules, convoys and their state machine. Pure: no I/O.
public enum CoreModule {}

/// The pure dashboard model.
public enum DashboardModule {}

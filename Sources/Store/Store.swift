/// The .beads/ tree on disk.
public enum StoreModule {}

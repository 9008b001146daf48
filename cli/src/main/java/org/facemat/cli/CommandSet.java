package org.facemat.cli;

import java.util.List;

/**
 * Commands another module adds to {@code facemat}, found through a service entry
 * ({@code META-INF/services/org.facemat.cli.CommandSet}). The trainer adds the training commands this way, so the
 * render, farm, model and doctor commands run with no training engine on the class path.
 */
public interface CommandSet {
    /** The picocli command objects to add, each named by its {@code @Command}. */
    List<Object> commands();
}

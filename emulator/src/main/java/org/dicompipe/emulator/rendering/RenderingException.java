package org.dicompipe.emulator.rendering;

/**
 * A frame that cannot be turned into an image. {@link #unsupported()} tells an encoding or sample layout this
 * emulator does not render (a limitation of the emulator) from pixel data that is damaged or inconsistent.
 */
public final class RenderingException extends Exception {

    private final boolean unsupported;

    private RenderingException(String message, boolean unsupported) {
        super(message);
        this.unsupported = unsupported;
    }

    static RenderingException unsupported(String message) {
        return new RenderingException(message, true);
    }

    static RenderingException unreadable(String message) {
        return new RenderingException(message, false);
    }

    public boolean unsupported() {
        return unsupported;
    }
}

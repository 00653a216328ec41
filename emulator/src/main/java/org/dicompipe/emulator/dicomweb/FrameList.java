package org.dicompipe.emulator.dicomweb;

import org.dicompipe.emulator.http.GoogleError;

/** The {frames} path element: comma separated frame numbers, each 1 or more. */
final class FrameList {

    private static final int MAX_FRAMES_PER_REQUEST = 10_000;

    private FrameList() {
    }

    static int[] parse(String s) {
        String[] parts = s.split(",", -1);
        if (parts.length > MAX_FRAMES_PER_REQUEST) {
            throw GoogleError.invalidArgument("too many frames in one request (at most " + MAX_FRAMES_PER_REQUEST + ")");
        }
        int[] frames = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                frames[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                frames[i] = 0;
            }
            if (frames[i] < 1) {
                throw GoogleError.invalidArgument("invalid frame number \"" + parts[i].replaceAll("[^\\x20-\\x7e]", "?")
                        + "\": frames are numbered from 1");
            }
        }
        return frames;
    }
}

package org.facemat.io;

import java.util.Locale;

/** Text quoted from a file into a one-line message: whatever bytes the file holds, the message stays one line. */
public final class OneLine {
    private OneLine() {
    }

    /**
     * {@code s} with line breaks, tabs and other control characters written as escapes ({@code \n}, {@code \u0007}),
     * the characters of {@code alsoEscape} preceded by a backslash, cut after {@code max} characters.
     */
    public static String escape(String s, int max, String alsoEscape) {
        StringBuilder b = new StringBuilder();
        int n = Math.min(s.length(), max);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (alsoEscape.indexOf(c) >= 0) {
                b.append('\\').append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}

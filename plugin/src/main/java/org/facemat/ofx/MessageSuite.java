package org.facemat.ofx;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/** The host's message suite (OfxMessageSuite v1): {@code message(handle, type, id, format, ...)}. */
@Structure.FieldOrder({"message"})
public final class MessageSuite extends Structure {
    /**
     * Called with the text itself as the format, every '%' doubled, and no further arguments: a variadic call
     * through a fixed signature does not reach every host's argument list (NatronRenderer printed an empty message
     * for the format "%s" and the text as its argument).
     */
    public interface Message extends Callback {
        int invoke(Pointer handle, String type, String id, String format);
    }

    /** {@code text} as a printf format that prints it unchanged. */
    public static String asFormat(String text) {
        return text.replace("%", "%%");
    }

    public Message message;

    public MessageSuite(Pointer p) {
        super(p);
        read();
    }
}

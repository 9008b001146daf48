package org.facemat.ofx;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/** The host's message suite (OfxMessageSuite v1): {@code message(handle, type, id, format, ...)}. */
@Structure.FieldOrder({"message"})
public final class MessageSuite extends Structure {
    /** Called with the format "%s" and the text as its one argument, so no '%' in the text is interpreted. */
    public interface Message extends Callback {
        int invoke(Pointer handle, String type, String id, String format, String text);
    }

    public Message message;

    public MessageSuite(Pointer p) {
        super(p);
        read();
    }
}

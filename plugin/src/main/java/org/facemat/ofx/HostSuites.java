package org.facemat.ofx;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/** The host's suites as JNA structures, and what the host said it can do. */
final class HostSuites {
    final PropertySuite properties;
    final ImageEffectSuite effects;
    final ParameterSuite parameters;
    final MemorySuite memory;
    final MessageSuite messages;
    final Props hostProps;
    /** The host can give other frames than the one being rendered (pre-roll after a jump). */
    final boolean temporalAccess;
    final String hostName;
    /**
     * The host works in scene-linear float (Natron, Nuke): the "Auto" input colour space is then linear Rec.709,
     * elsewhere sRGB code values.
     */
    final boolean sceneLinearHost;

    private HostSuites(PropertySuite properties, ImageEffectSuite effects, ParameterSuite parameters,
                       MemorySuite memory, MessageSuite messages, Props hostProps) {
        this.properties = properties;
        this.effects = effects;
        this.parameters = parameters;
        this.memory = memory;
        this.messages = messages;
        this.hostProps = hostProps;
        this.temporalAccess = hostProps.getInt(OfxNames.TEMPORAL_CLIP_ACCESS, 0, 0) != 0;
        this.hostName = hostProps.getString(OfxNames.NAME, 0, "unknown host");
        this.sceneLinearHost = worksSceneLinear(hostName);
    }

    /** Natron names itself fr.inria.Natron, Nuke uk.co.thefoundry.nuke. */
    static boolean worksSceneLinear(String hostName) {
        String n = hostName.toLowerCase(java.util.Locale.ROOT);
        return n.contains("natron") || n.contains("nuke");
    }

    /** @throws OfxFailure when a suite the plug-in needs is missing */
    static HostSuites fetch(Pointer hostPointer) throws OfxFailure {
        HostStruct host = new HostStruct(hostPointer);
        Pointer p = host.fetchSuite.invoke(host.host, "OfxPropertySuite", 1);
        Pointer e = host.fetchSuite.invoke(host.host, "OfxImageEffectSuite", 1);
        Pointer q = host.fetchSuite.invoke(host.host, "OfxParameterSuite", 1);
        Pointer m = host.fetchSuite.invoke(host.host, "OfxMemorySuite", 1);
        Pointer s = host.fetchSuite.invoke(host.host, "OfxMessageSuite", 1);
        if (p == null || e == null || q == null) {
            throw new OfxFailure("the host lacks the property, image effect or parameter suite");
        }
        PropertySuite props = new PropertySuite(p);
        return new HostSuites(props, new ImageEffectSuite(e), new ParameterSuite(q),
                m == null ? null : new MemorySuite(m), s == null ? null : new MessageSuite(s),
                new Props(props, host.host));
    }

    /** Shows an error to the host's user (and on standard error, which farm logs keep). */
    void error(Pointer effect, String text) {
        System.err.println("FaceMat: " + text);
        if (messages != null && messages.message != null) {
            messages.message.invoke(effect, "OfxMessageError", "org.facemat.FaceMat.error",
                    MessageSuite.asFormat(text));
        }
    }

    Props effectProps(Pointer effect) {
        PointerByReference out = new PointerByReference();
        effects.getPropertySet.invoke(effect, out);
        return new Props(properties, out.getValue());
    }

    Props props(Pointer handle) {
        return new Props(properties, handle);
    }
}

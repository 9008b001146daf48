package org.facemat.ofx;

import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.facemat.model.ShippedModels;

/**
 * The Java side of the OpenFX plug-in: the native shim (plugin/native) calls {@link #init} once when it has started
 * the Java runtime, then {@link #action} for the actions it forwards, on the host's threads. Instances are keyed by
 * their effect handle, which the host keeps for the instance's life.
 */
public final class OfxBridge {
    /** Action codes, as plugin/native/facemat_params.h numbers them. */
    static final int CREATE_INSTANCE = 1;
    static final int DESTROY_INSTANCE = 2;
    static final int RENDER = 3;
    static final int BEGIN_SEQUENCE = 4;
    static final int END_SEQUENCE = 5;
    static final int INSTANCE_CHANGED = 6;
    static final int PURGE_CACHES = 7;

    private static final Map<Long, OfxInstance> INSTANCES = new ConcurrentHashMap<>();
    /** Why an instance could not be created, for the message of each frame it is then asked to render. */
    private static final Map<Long, String> FAILED_INSTANCES = new ConcurrentHashMap<>();
    private static volatile HostSuites host;
    private static volatile Path shippedModel;

    private OfxBridge() {
    }

    /** @return null when ready, else why the plug-in cannot run in this host */
    public static String init(long hostPointer) {
        try {
            host = HostSuites.fetch(new Pointer(hostPointer));
            String resources = System.getProperty("facemat.ofx.resources", "");
            shippedModel = ShippedModels.defaultIn(Path.of(resources, "models"));
            return null;
        } catch (OfxFailure e) {
            return e.getMessage();
        } catch (Throwable t) {
            return "the plug-in's Java side failed to start: " + t;
        }
    }

    public static int action(int code, long handle, long inArgs, long outArgs) {
        Pointer effect = new Pointer(handle);
        try {
            return run(code, handle, effect, inArgs == 0 ? null : host.props(new Pointer(inArgs)));
        } catch (OfxFailure e) {
            host.error(effect, e.getMessage());
            return OfxStatus.FAILED;
        } catch (OutOfMemoryError e) {
            OfxInstance instance = INSTANCES.get(handle);
            if (instance != null) {
                instance.requestReset(); // the state may be half updated
            }
            host.error(effect, "out of Java memory (" + e.getMessage() + "); give the host more memory or lower "
                    + "the downsample ratio");
            return OfxStatus.ERR_MEMORY;
        } catch (Throwable t) {
            t.printStackTrace();
            host.error(effect, "internal error: " + t);
            return OfxStatus.FAILED;
        }
    }

    private static int run(int code, long handle, Pointer effect, Props in) throws OfxFailure {
        if (code == CREATE_INSTANCE) {
            try {
                INSTANCES.put(handle, new OfxInstance(host, effect, shippedModel));
                FAILED_INSTANCES.remove(handle);
            } catch (OfxFailure e) {
                FAILED_INSTANCES.put(handle, e.getMessage());
                throw e;
            }
            return OfxStatus.OK;
        }
        if (code == DESTROY_INSTANCE) {
            FAILED_INSTANCES.remove(handle);
        }
        OfxInstance instance = code == DESTROY_INSTANCE ? INSTANCES.remove(handle) : INSTANCES.get(handle);
        if (instance == null) {
            if (code == RENDER) {
                throw new OfxFailure("the instance could not be created: "
                        + FAILED_INSTANCES.getOrDefault(handle, "unknown instance"));
            }
            return code == DESTROY_INSTANCE ? OfxStatus.OK : OfxStatus.ERR_BAD_HANDLE;
        }
        switch (code) {
            case DESTROY_INSTANCE -> instance.close();
            case RENDER -> instance.render(in);
            case BEGIN_SEQUENCE, END_SEQUENCE -> {
                // nothing: Natron and MLT wrap every single frame of a render in its own non-interactive sequence,
                // so a sequence says nothing about continuity; the frame number does (OfxInstance.render)
            }
            case INSTANCE_CHANGED -> {
                // a reconnected input is another clip; parameter changes are seen by OfxInstance.render comparing
                // the settings it renders with (hosts also send this when they set an unchanged value)
                if (in != null && OfxNames.TYPE_CLIP.equals(in.getString(OfxNames.TYPE, 0, ""))) {
                    instance.requestReset();
                }
            }
            // the recurrent state is not a cache: dropping it would cost a pre-roll, not save memory worth it
            case PURGE_CACHES -> { }
            default -> {
                return OfxStatus.REPLY_DEFAULT;
            }
        }
        return OfxStatus.OK;
    }
}

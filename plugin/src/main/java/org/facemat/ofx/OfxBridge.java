package org.facemat.ofx;

import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
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

    /** Parameters whose change makes the recurrent state invalid. */
    private static final Set<String> NETWORK_PARAMS = Set.of(OfxNames.PARAM_MODEL_FILE, OfxNames.PARAM_DEVICE,
            OfxNames.PARAM_AUTO_RATIO, OfxNames.PARAM_RATIO);

    private static final Map<Long, OfxInstance> INSTANCES = new ConcurrentHashMap<>();
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
            INSTANCES.put(handle, new OfxInstance(host, effect, shippedModel));
            return OfxStatus.OK;
        }
        OfxInstance instance = code == DESTROY_INSTANCE ? INSTANCES.remove(handle) : INSTANCES.get(handle);
        if (instance == null) {
            return code == DESTROY_INSTANCE ? OfxStatus.OK : OfxStatus.ERR_BAD_HANDLE;
        }
        switch (code) {
            case DESTROY_INSTANCE -> instance.close();
            case RENDER -> instance.render(in);
            case BEGIN_SEQUENCE -> {
                // a batch render starts from a pre-roll wherever it starts, so its frames do not depend on what
                // the instance rendered before (as a farm chunk of the command line); interactive ones carry on
                if (in != null && in.getInt(OfxNames.IS_INTERACTIVE, 0, 1) == 0) {
                    instance.requestReset();
                }
            }
            case INSTANCE_CHANGED -> {
                String type = in == null ? "" : in.getString(OfxNames.TYPE, 0, "");
                String name = in == null ? "" : in.getString(OfxNames.NAME, 0, "");
                if (OfxNames.TYPE_CLIP.equals(type) || NETWORK_PARAMS.contains(name)) {
                    instance.requestReset();
                }
            }
            case PURGE_CACHES -> instance.requestReset();
            default -> {
                return OfxStatus.REPLY_DEFAULT;
            }
        }
        return OfxStatus.OK;
    }
}

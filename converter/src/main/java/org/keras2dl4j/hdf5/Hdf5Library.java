package org.keras2dl4j.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToIntFunction;

import org.bytedeco.hdf5.H5E_error2_t;
import org.bytedeco.hdf5.H5E_walk2_t;
import org.bytedeco.hdf5.H5L_info2_t;
import org.bytedeco.hdf5.H5O_info2_t;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;

/**
 * The one place that talks to the native HDF5 library (JavaCPP's C API bindings): the global lock,
 * one-time initialisation, the identifiers of predefined types, handle closing and error messages.
 */
final class Hdf5Library {

    /**
     * Guards every call into HDF5. The build shipped in {@code org.bytedeco:hdf5} is not thread-safe,
     * so all calls from every {@link Hdf5File} hold this one lock. It is DL4J's own HDF5 lock,
     * {@code Hdf5Archive.LOCK_OBJECT}, which DL4J's Keras import ({@code KerasModelImport}) holds
     * for its HDF5 calls: with one lock for both, keras2dl4j and DL4J's import can read files in one
     * JVM at the same time, from any threads (two locks let their native calls overlap and crash).
     */
    static final Object LOCK = sharedLock();

    /*
     * Predefined type identifiers. JavaCPP's int-returning H5T_NATIVE_FLOAT() and friends truncate
     * the 64-bit hid_t of HDF5 1.10+, so the *_g globals are read after H5open().
     */
    static final long NATIVE_FLOAT;
    static final long IEEE_F32LE;
    static final long C_S1;
    static final long LINK_CREATE_CLASS;
    static final long FILE_ACCESS_CLASS;

    /** HDF5 1.12.1 reports every failed open also as a failed VOL plugin search; that noise is skipped. */
    private static final String PLUGIN_NOISE = "H5PL";

    /** Scratch space of {@link #takeErrorReason()}, guarded by {@link #LOCK}. */
    private static final List<String> errorFrames = new ArrayList<>();

    /** Collects the error stack innermost last; kept in a field so the native callback is not collected. */
    private static final H5E_walk2_t ERROR_WALKER = new H5E_walk2_t() {
        @Override
        public int call(int n, H5E_error2_t error, Pointer clientData) {
            String function = error.func_name() == null ? "" : error.func_name().getString();
            String description = error.desc() == null ? "" : error.desc().getString();
            if (!function.startsWith(PLUGIN_NOISE)) {
                errorFrames.add(description);
            }
            return 0;
        }
    };

    static {
        synchronized (LOCK) {
            Loader.load(org.bytedeco.hdf5.global.hdf5.class);
            H5open();
            // HDF5 prints its error stack to the process's stderr by default; the facade reports errors itself.
            H5Eset_auto2(H5E_DEFAULT, null, null);
            NATIVE_FLOAT = H5T_NATIVE_FLOAT_g();
            IEEE_F32LE = H5T_IEEE_F32LE_g();
            C_S1 = H5T_C_S1_g();
            LINK_CREATE_CLASS = H5P_CLS_LINK_CREATE_ID_g();
            FILE_ACCESS_CLASS = H5P_CLS_FILE_ACCESS_ID_g();
        }
    }

    private Hdf5Library() {
    }

    /** DL4J's HDF5 lock when DL4J's Keras import is on the class path (it is a dependency), else a lock of our own. */
    private static Object sharedLock() {
        try {
            return org.deeplearning4j.nn.modelimport.keras.Hdf5Archive.LOCK_OBJECT;
        } catch (LinkageError e) {
            return new Object();
        }
    }

    /**
     * Takes the most specific message off HDF5's error stack (its innermost frame) and clears the
     * stack. Caller holds {@link #LOCK}.
     */
    static String takeErrorReason() {
        errorFrames.clear();
        H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, ERROR_WALKER, null);
        H5Eclear2(H5E_DEFAULT);
        String reason = errorFrames.isEmpty() ? "no reason given" : errorFrames.get(errorFrames.size() - 1);
        errorFrames.clear();
        return reason;
    }

    /** Forgets errors HDF5 recorded for a call whose failure the caller expected and handled. */
    static void clearErrors() {
        H5Eclear2(H5E_DEFAULT);
    }

    /**
     * Wraps a freshly opened identifier, or throws with {@code failure} and HDF5's reason if the call
     * that produced it failed. Caller holds {@link #LOCK}.
     */
    static Hid open(long id, LongToIntFunction closer, Failure failure) {
        if (id < 0) {
            throw failure.with(takeErrorReason());
        }
        return new Hid(id, closer);
    }

    /** Throws with {@code failure} and HDF5's reason if a status-returning call failed. */
    static int check(int status, Failure failure) {
        if (status < 0) {
            throw failure.with(takeErrorReason());
        }
        return status;
    }

    /** Throws with {@code failure} and HDF5's reason if a size-returning call failed. */
    static long check(long result, Failure failure) {
        if (result < 0) {
            throw failure.with(takeErrorReason());
        }
        return result;
    }

    /**
     * The type of the object at {@code path} (absolute, or relative to {@code locationId}):
     * {@code H5O_TYPE_GROUP}, {@code H5O_TYPE_DATASET}, another H5O type, or -1 if nothing is there.
     * Caller holds {@link #LOCK}.
     */
    static int objectType(long locationId, String path) {
        if (path.equals("/")) {
            return H5O_TYPE_GROUP;
        }
        // Each link of the path in turn must exist and be a hard link: Keras writes no others, and
        // HDF5 opens another file for an external link. (A missing link fails H5Lget_info2.)
        int from = path.startsWith("/") ? 1 : 0;
        try (H5L_info2_t link = new H5L_info2_t()) {
            for (int slash = path.indexOf('/', from); ; slash = path.indexOf('/', slash + 1)) {
                String prefix = slash < 0 ? path : path.substring(0, slash);
                if (H5Lget_info2(locationId, prefix, link, H5P_DEFAULT) < 0 || link.type() != H5L_TYPE_HARD) {
                    clearErrors();
                    return -1;
                }
                if (slash < 0) {
                    break;
                }
            }
        }
        try (H5O_info2_t info = new H5O_info2_t()) {
            if (H5Oget_info_by_name3(locationId, path, info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
                clearErrors(); // a hard link to an object HDF5 cannot read
                return -1;
            }
            return info.type();
        }
    }

    /** The name of an HDF5 datatype as NumPy spells it ("float32", "int64", "string"). Caller holds the lock. */
    static String typeName(long typeId) {
        int typeClass = H5Tget_class(typeId);
        long bits = 8 * H5Tget_size(typeId);
        if (typeClass == H5T_FLOAT) {
            return "float" + bits;
        }
        if (typeClass == H5T_INTEGER) {
            return (H5Tget_sign(typeId) == H5T_SGN_NONE ? "uint" : "int") + bits;
        }
        if (typeClass == H5T_STRING) {
            return "string";
        }
        if (typeClass == H5T_ENUM) {
            return "enum"; // h5py stores NumPy bool as an enum
        }
        if (typeClass == H5T_COMPOUND) {
            return "compound";
        }
        if (typeClass == H5T_ARRAY) {
            return "array";
        }
        if (typeClass == H5T_VLEN) {
            return "vlen";
        }
        if (typeClass == H5T_REFERENCE) {
            return "reference";
        }
        if (typeClass == H5T_OPAQUE) {
            return "opaque";
        }
        return "HDF5 type class " + typeClass;
    }

    /** An open HDF5 identifier, closed by try-with-resources with the close function of its kind. */
    record Hid(long id, LongToIntFunction closer) implements AutoCloseable {
        @Override
        public void close() {
            if (id >= 0 && closer.applyAsInt(id) < 0) {
                clearErrors(); // nothing useful can be done about a failed close
            }
        }
    }

    /** Builds the exception for a failed call once HDF5's reason is known. */
    @FunctionalInterface
    interface Failure {
        RuntimeException with(String hdf5Reason);
    }
}

package org.keras2dl4j.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

import org.bytedeco.hdf5.H5G_info_t;
import org.bytedeco.hdf5.H5L_info2_t;
import org.bytedeco.hdf5.H5O_info2_t;
import org.bytedeco.hdf5.global.hdf5;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.keras2dl4j.hdf5.Hdf5Library.Failure;
import org.keras2dl4j.hdf5.Hdf5Library.Hid;

/**
 * A group in an {@link Hdf5File}: its child groups and datasets, its string attributes (including
 * Keras's chunked string-array attributes), and the means to add groups, attributes and float32
 * datasets in Keras's layout. An instance is only the file and an absolute path; each call opens
 * and closes the native group, so there is nothing to close and it stays valid while the file is
 * open. Relative paths may contain '/', as in {@code group("model_weights/dense_1")}.
 */
public final class Hdf5Group {

    /** The most links a group may have (a Keras model has a few thousand layers at most). */
    private static final long MAX_LINKS = 1_000_000;
    /** The longest link name read. */
    private static final long MAX_NAME_BYTES = 1 << 16;

    private final Hdf5File file;
    private final String path;

    Hdf5Group(Hdf5File file, String path) {
        this.file = file;
        this.path = path;
    }

    /** The absolute path, as h5py's {@code Group.name} shows it: "/" or "/model_weights/dense_1". */
    public String path() {
        return path;
    }

    /** Names of the child groups, in the order h5py lists them (creation order if tracked, else by name). */
    public List<String> groupNames() {
        return childNames(H5O_TYPE_GROUP);
    }

    /** Names of the child datasets, in the order h5py lists them (creation order if tracked, else by name). */
    public List<String> datasetNames() {
        return childNames(H5O_TYPE_DATASET);
    }

    public boolean hasGroup(String relativePath) {
        return validPath(relativePath) && objectType(resolve(relativePath)) == H5O_TYPE_GROUP;
    }

    /** The group at {@code relativePath}; fails if there is none. */
    public Hdf5Group group(String relativePath) {
        String target = resolve(relativePath);
        int type = objectType(target);
        if (type != H5O_TYPE_GROUP) {
            throw file.invalid(type < 0 ? "no group '" + Hdf5File.display(target) + "'"
                    : "'" + Hdf5File.display(target) + "' is a dataset, not a group");
        }
        return new Hdf5Group(file, target);
    }

    public boolean hasDataset(String relativePath) {
        return validPath(relativePath) && objectType(resolve(relativePath)) == H5O_TYPE_DATASET;
    }

    /** The dataset at {@code relativePath}; fails if there is none. */
    public Hdf5Dataset dataset(String relativePath) {
        String target = resolve(relativePath);
        int type = objectType(target);
        if (type != H5O_TYPE_DATASET) {
            throw file.invalid(type < 0 ? "no dataset '" + Hdf5File.display(target) + "'"
                    : "'" + Hdf5File.display(target) + "' is a group, not a dataset");
        }
        return new Hdf5Dataset(file, target);
    }

    public boolean hasAttribute(String name) {
        return withGroup(group -> Hdf5Attributes.exists(file, group, name, describe()));
    }

    /**
     * A string attribute, scalar or a one-item list, variable- or fixed-length; empty if absent.
     * Fails if the attribute is not a string or holds several.
     */
    public Optional<String> stringAttribute(String name) {
        return withGroup(group -> {
            if (!Hdf5Attributes.exists(file, group, name, describe())) {
                return Optional.empty();
            }
            List<String> values = readStrings(group, name);
            if (values.size() != 1) {
                throw file.invalid(describeAttribute(name) + " holds " + values.size() + " strings, expected one");
            }
            return Optional.of(values.get(0));
        });
    }

    /** A string attribute as a list (a scalar gives one item); fails if absent or not strings. */
    public List<String> stringArrayAttribute(String name) {
        return withGroup(group -> {
            if (!Hdf5Attributes.exists(file, group, name, describe())) {
                throw file.invalid("no " + describeAttribute(name));
            }
            return readStrings(group, name);
        });
    }

    /**
     * A string-array attribute that Keras may have split because it did not fit an object header:
     * {@code name} if present, else {@code name0}, {@code name1}, ... joined, else an empty list,
     * as load_attributes_from_hdf5_group in keras/src/legacy/saving/legacy_h5_format.py reads it.
     */
    public List<String> chunkedStringArrayAttribute(String name) {
        return withGroup(group -> {
            if (Hdf5Attributes.exists(file, group, name, describe())) {
                return readStrings(group, name);
            }
            List<String> values = new ArrayList<>();
            for (int chunk = 0; Hdf5Attributes.exists(file, group, name + chunk, describe()); chunk++) {
                values.addAll(readStrings(group, name + chunk));
            }
            return values;
        });
    }

    /** Creates a child group, and any missing groups on the way if {@code name} contains '/'. */
    public Hdf5Group createGroup(String name) {
        String target = resolve(name);
        withGroup(group -> {
            Failure failure = file.failure("cannot create group '" + Hdf5File.display(target) + "'");
            try (Hid links = intermediateGroupsLinkList(failure)) {
                Hdf5Library.open(H5Gcreate2(group, name, links.id(), H5P_DEFAULT, H5P_DEFAULT), hdf5::H5Gclose, failure)
                        .close();
                return null;
            }
        });
        return new Hdf5Group(file, target);
    }

    /**
     * Writes (or replaces) a scalar string attribute as h5py writes a Python bytes scalar: a
     * variable-length string, which h5py reads back as a str that {@code json.loads} accepts.
     */
    public void setStringAttribute(String name, String value) {
        withGroup(group -> {
            Hdf5Attributes.writeString(file, group, name, value, describeAttribute(name));
            return null;
        });
    }

    /**
     * Writes (or replaces) a list of strings as Keras writes {@code layer_names} and
     * {@code weight_names}: a NumPy 'S' array of UTF-8 bytes, split into {@code name0},
     * {@code name1}, ... when it would exceed Keras's 64512-byte object header limit.
     */
    public void setStringArrayAttribute(String name, List<String> values) {
        List<byte[]> items = new ArrayList<>(values.size());
        int itemSize = 1; // NumPy's narrowest 'S' type, also for an empty list
        for (String value : values) {
            byte[] item = value.getBytes(StandardCharsets.UTF_8);
            if (item.length > Hdf5Attributes.OBJECT_HEADER_LIMIT) {
                throw file.invalid("cannot write " + describeAttribute(name) + ": an item is " + item.length
                        + " bytes long, more than the " + Hdf5Attributes.OBJECT_HEADER_LIMIT + " an HDF5 object header holds");
            }
            items.add(item);
            itemSize = Math.max(itemSize, item.length);
        }
        int[] chunkSizes = Hdf5Attributes.kerasChunkSizes(items.size(), itemSize);
        int width = itemSize;
        withGroup(group -> {
            Failure failure = file.failure("cannot write " + describeAttribute(name));
            for (int chunk = 0; Hdf5Attributes.exists(file, group, name + chunk, describe()); chunk++) {
                Hdf5Attributes.delete(group, name + chunk, failure); // leftovers of an earlier, longer list
            }
            if (chunkSizes.length == 1) {
                Hdf5Attributes.writeFixedStrings(file, group, name, items, width, describeAttribute(name));
                return null;
            }
            Hdf5Attributes.delete(group, name, failure);
            int from = 0;
            for (int chunk = 0; chunk < chunkSizes.length; chunk++) {
                List<byte[]> part = items.subList(from, from + chunkSizes[chunk]);
                Hdf5Attributes.writeFixedStrings(file, group, name + chunk, part, width, describeAttribute(name + chunk));
                from += chunkSizes[chunk];
            }
            return null;
        });
    }

    /**
     * Creates a contiguous little-endian float32 dataset of the given shape (an empty shape makes a
     * scalar) from the floats between {@code data}'s position and limit, leaving its position
     * unchanged. A direct buffer in native order is written without copying. {@code name} may
     * contain ':' ("kernel:0") and '/' (missing groups are created, as h5py does).
     */
    public Hdf5Dataset createFloatDataset(String name, long[] shape, FloatBuffer data) {
        long count = 1;
        for (long dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("negative dimension in shape of " + name);
            }
            count = Math.multiplyExact(count, dimension);
        }
        if (data.remaining() != count) {
            throw new IllegalArgumentException("shape of " + name + " holds " + count + " values, the buffer "
                    + data.remaining());
        }
        String target = resolve(name);
        long values = count;
        withGroup(group -> {
            Failure failure = file.failure("cannot write dataset " + Hdf5File.display(target));
            long space = shape.length == 0 ? H5Screate(H5S_SCALAR)
                    : H5Screate_simple(shape.length, shape, (long[]) null);
            try (Hid dataSpace = Hdf5Library.open(space, hdf5::H5Sclose, failure);
                    Hid links = intermediateGroupsLinkList(failure);
                    Hid dataset = Hdf5Library.open(H5Dcreate2(group, name, Hdf5Library.IEEE_F32LE, dataSpace.id(),
                            links.id(), H5P_DEFAULT, H5P_DEFAULT), hdf5::H5Dclose, failure)) {
                if (values > 0) {
                    try (FloatPointer source = nativeView(data)) {
                        Hdf5Library.check(H5Dwrite(dataset.id(), Hdf5Library.NATIVE_FLOAT, H5S_ALL, H5S_ALL,
                                H5P_DEFAULT, source), failure);
                    }
                }
                return null;
            }
        });
        return new Hdf5Dataset(file, target);
    }

    @Override
    public String toString() {
        return "Hdf5Group[" + file.path() + ":" + path + "]";
    }

    /** The buffer itself when HDF5 can read it in place; otherwise a native copy. */
    private static FloatPointer nativeView(FloatBuffer data) {
        if (data.isDirect() && data.order() == ByteOrder.nativeOrder()) {
            // A slice starts at data.position(); JavaCPP's Pointer(Buffer) misplaces a view's non-zero position.
            return new FloatPointer(data.slice());
        }
        float[] copy = new float[data.remaining()];
        data.duplicate().get(copy);
        return new FloatPointer(copy);
    }

    private List<String> readStrings(long group, String name) {
        return Hdf5Attributes.readStrings(file, group, name, describeAttribute(name), describe());
    }

    private List<String> childNames(int objectType) {
        return withGroup(group -> {
            Failure failure = file.failure("cannot list group " + Hdf5File.display(path));
            int index = linkIndex(group, failure);
            long links;
            try (H5G_info_t info = new H5G_info_t()) {
                Hdf5Library.check(H5Gget_info(group, info), failure);
                links = info.nlinks();
            }
            if (links < 0 || links > MAX_LINKS) {
                throw file.invalid(describe() + " declares " + links + " links, more than the " + MAX_LINKS
                        + " a group may have here");
            }
            List<String> names = new ArrayList<>();
            try (H5O_info2_t info = new H5O_info2_t(); H5L_info2_t link = new H5L_info2_t()) {
                for (long i = 0; i < links; i++) {
                    // Only hard links are followed: Keras writes no others, and HDF5 opens another
                    // file for an external link (a damaged link message made it crash on closing it).
                    if (H5Lget_info_by_idx2(group, ".", index, H5_ITER_INC, i, link, H5P_DEFAULT) < 0) {
                        throw file.invalid(describe() + ": link " + i + " cannot be read (" + Hdf5Library.takeErrorReason()
                                + ")");
                    }
                    if (link.type() != H5L_TYPE_HARD) {
                        continue;
                    }
                    if (H5Oget_info_by_idx3(group, ".", index, H5_ITER_INC, i, info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) {
                        Hdf5Library.clearErrors(); // a hard link to nothing readable: not listed
                        continue;
                    }
                    if (info.type() == objectType) {
                        names.add(linkName(group, index, i, failure));
                    }
                }
            }
            return names;
        });
    }

    private String linkName(long group, int index, long i, Failure failure) {
        long length = Hdf5Library.check(
                H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, (BytePointer) null, 0, H5P_DEFAULT), failure);
        if (length > MAX_NAME_BYTES) {
            throw file.invalid(describe() + " has a link name of " + length + " bytes");
        }
        byte[] name = new byte[Math.toIntExact(length + 1)];
        Hdf5Library.check(H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, name, name.length, H5P_DEFAULT), failure);
        return new String(name, 0, (int) length, StandardCharsets.UTF_8);
    }

    /** h5py lists a group's links by creation order when the group tracks it, otherwise by name. */
    private static int linkIndex(long group, Failure failure) {
        try (Hid creation = Hdf5Library.open(H5Gget_create_plist(group), hdf5::H5Pclose, failure)) {
            int[] flags = new int[1];
            Hdf5Library.check(H5Pget_link_creation_order(creation.id(), flags), failure);
            return (flags[0] & H5P_CRT_ORDER_TRACKED) != 0 ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
        }
    }

    private static Hid intermediateGroupsLinkList(Failure failure) {
        Hid links = Hdf5Library.open(H5Pcreate(Hdf5Library.LINK_CREATE_CLASS), hdf5::H5Pclose, failure);
        Hdf5Library.check(H5Pset_create_intermediate_group(links.id(), 1), failure);
        return links;
    }

    private int objectType(String absolutePath) {
        synchronized (Hdf5Library.LOCK) {
            return Hdf5Library.objectType(file.id(), absolutePath);
        }
    }

    /** Runs {@code body} on this group opened, holding the library lock. */
    private <T> T withGroup(LongFunction<T> body) {
        synchronized (Hdf5Library.LOCK) {
            Failure failure = file.failure("cannot open group " + Hdf5File.display(path));
            try (Hid group = Hdf5Library.open(H5Gopen2(file.id(), path, H5P_DEFAULT), hdf5::H5Gclose, failure)) {
                return body.apply(group.id());
            }
        }
    }

    /** Whether {@code relativePath} names something below this group ("a", "a/b"; not "", "/a", "a//b", "a\0"). */
    private static boolean validPath(String relativePath) {
        return relativePath != null && !relativePath.isEmpty() && !relativePath.startsWith("/")
                && !relativePath.endsWith("/") && !relativePath.contains("//") && relativePath.indexOf('\0') < 0;
    }

    /**
     * The absolute path of {@code relativePath}. Names often come from the file itself (Keras's
     * {@code layer_names}, {@code weight_names}, link names), so one that is not a relative path
     * makes the file invalid, not the program.
     */
    private String resolve(String relativePath) {
        if (!validPath(relativePath)) {
            throw file.invalid("'" + relativePath + "' is not a relative HDF5 path below " + describe());
        }
        return path.equals("/") ? "/" + relativePath : path + "/" + relativePath;
    }

    private String describe() {
        return path.equals("/") ? "the root group" : "group " + Hdf5File.display(path);
    }

    private String describeAttribute(String name) {
        return "attribute '" + name + "' of " + (path.equals("/") ? "the root group" : "group " + Hdf5File.display(path));
    }
}

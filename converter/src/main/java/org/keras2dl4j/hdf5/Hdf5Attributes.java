package org.keras2dl4j.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bytedeco.hdf5.H5O_info2_t;
import org.bytedeco.hdf5.global.hdf5;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.keras2dl4j.hdf5.Hdf5Library.Failure;
import org.keras2dl4j.hdf5.Hdf5Library.Hid;

/**
 * Reads and writes string attributes the way h5py stores them: variable-length strings (Python
 * str, and bytes scalars in h5py 3) and fixed-length strings (NumPy 'S' arrays). Every method runs
 * with {@link Hdf5Library#LOCK} held, on an object the caller has opened.
 */
final class Hdf5Attributes {

    /** HDF5_OBJECT_HEADER_LIMIT in keras/src/legacy/saving/legacy_h5_format.py (tf_keras: hdf5_format.py). */
    static final int OBJECT_HEADER_LIMIT = 64512;

    private Hdf5Attributes() {
    }

    /**
     * The strings held by attribute {@code name} of an open object, scalar or 1-D; {@code what}
     * names it in messages. A file opened read-only is read in Java ({@link RawHdf5}): native HDF5
     * never decodes an attribute of a file it did not write.
     */
    static List<String> readStrings(Hdf5File file, long objectId, String name, String what, String object) {
        if (file.raw() != null) {
            return file.raw().readStrings(headerAddress(file, objectId, object), name, what, object);
        }
        Failure failure = file.failure("cannot read " + what);
        try (Hid attribute = Hdf5Library.open(H5Aopen(objectId, name, H5P_DEFAULT), hdf5::H5Aclose, failure)) {
            return readStrings(file, attribute.id(), what);
        }
    }

    /** Whether an open object has attribute {@code name}; read in Java for a read-only file. */
    static boolean exists(Hdf5File file, long objectId, String name, String object) {
        if (file.raw() != null) {
            return file.raw().hasAttribute(headerAddress(file, objectId, object), name, object);
        }
        return exists(objectId, name);
    }

    /** The address of an open object's header: its token, as the native file format encodes it. */
    private static long headerAddress(Hdf5File file, long objectId, String what) {
        try (H5O_info2_t info = new H5O_info2_t()) {
            Hdf5Library.check(H5Oget_info3(objectId, info, H5O_INFO_BASIC), file.failure("cannot read " + what));
            byte[] token = new byte[8];
            info.token().__data().get(token);
            return file.raw().tokenAddress(token);
        }
    }

    /** The strings held by an open attribute, scalar or 1-D; {@code what} names it in messages. */
    private static List<String> readStrings(Hdf5File file, long attributeId, String what) {
        Failure failure = file.failure("cannot read " + what);
        try (Hid type = Hdf5Library.open(H5Aget_type(attributeId), hdf5::H5Tclose, failure);
                Hid space = Hdf5Library.open(H5Aget_space(attributeId), hdf5::H5Sclose, failure)) {
            int rank = Hdf5Library.check(H5Sget_simple_extent_ndims(space.id()), failure);
            long count = Hdf5Library.check(H5Sget_simple_extent_npoints(space.id()), failure);
            if (count == 0) {
                // Keras writes a layer without weights as weight_names = np.asarray([]): float64, empty.
                return List.of();
            }
            if (H5Tget_class(type.id()) != H5T_STRING) {
                throw file.invalid(what + " has type " + Hdf5Library.typeName(type.id()) + ", expected a string");
            }
            if (rank > 1) {
                throw file.invalid(what + " has " + rank + " dimensions, expected a string or a list of strings");
            }
            return H5Tis_variable_str(type.id()) > 0
                    ? readVariableLength(attributeId, type.id(), space.id(), count, failure)
                    : readFixedLength(attributeId, type.id(), count, failure);
        }
    }

    private static List<String> readVariableLength(long attributeId, long fileType, long space, long count,
            Failure failure) {
        try (Hid memoryType = Hdf5Library.open(H5Tcopy(Hdf5Library.C_S1), hdf5::H5Tclose, failure);
                PointerPointer<BytePointer> strings = new PointerPointer<>(count)) {
            Hdf5Library.check(H5Tset_size(memoryType.id(), H5T_VARIABLE), failure);
            // HDF5 does not convert between character sets, so read in the one the file declares.
            Hdf5Library.check(H5Tset_cset(memoryType.id(), H5Tget_cset(fileType)), failure);
            Hdf5Library.check(H5Aread(attributeId, memoryType.id(), strings), failure);
            try {
                List<String> values = new ArrayList<>((int) count);
                for (long i = 0; i < count; i++) {
                    BytePointer string = strings.get(BytePointer.class, i);
                    values.add(string == null || string.isNull() ? "" : string.getString(StandardCharsets.UTF_8));
                }
                return values;
            } finally {
                H5Treclaim(memoryType.id(), space, H5P_DEFAULT, strings);
            }
        }
    }

    private static List<String> readFixedLength(long attributeId, long fileType, long count, Failure failure) {
        int size = (int) H5Tget_size(fileType);
        byte[] bytes = new byte[Math.toIntExact(count * size)];
        try (BytePointer buffer = new BytePointer(bytes.length)) {
            Hdf5Library.check(H5Aread(attributeId, fileType, buffer), failure);
            buffer.get(bytes);
        }
        boolean spacePadded = H5Tget_strpad(fileType) == H5T_STR_SPACEPAD;
        List<String> values = new ArrayList<>((int) count);
        for (int start = 0; start < bytes.length; start += size) {
            int end = start;
            while (end < start + size && bytes[end] != 0) {
                end++;
            }
            while (spacePadded && end > start && bytes[end - 1] == ' ') {
                end--;
            }
            values.add(new String(bytes, start, end - start, StandardCharsets.UTF_8));
        }
        return values;
    }

    /**
     * Writes a scalar variable-length string with the ASCII character set: what h5py writes for a
     * Python bytes scalar such as Keras 2's {@code json.dumps(config).encode('utf8')}.
     */
    static void writeString(Hdf5File file, long objectId, String name, String value, String what) {
        Failure failure = file.failure("cannot write " + what);
        delete(objectId, name, failure);
        try (Hid type = Hdf5Library.open(H5Tcopy(Hdf5Library.C_S1), hdf5::H5Tclose, failure);
                Hid space = Hdf5Library.open(H5Screate(H5S_SCALAR), hdf5::H5Sclose, failure);
                BytePointer text = new BytePointer(value, StandardCharsets.UTF_8);
                // The array form: PointerPointer(Pointer) would reinterpret the text itself as the array.
                PointerPointer<BytePointer> pointers = new PointerPointer<>(new BytePointer[] {text})) {
            Hdf5Library.check(H5Tset_size(type.id(), H5T_VARIABLE), failure);
            try (Hid attribute = Hdf5Library.open(
                    H5Acreate2(objectId, name, type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT), hdf5::H5Aclose,
                    failure)) {
                Hdf5Library.check(H5Awrite(attribute.id(), type.id(), pointers), failure);
            }
        }
    }

    /**
     * Writes a 1-D fixed-length string array of {@code itemSize} bytes per item, null-padded: how
     * h5py stores a NumPy 'S' array such as Keras's {@code layer_names}.
     */
    static void writeFixedStrings(Hdf5File file, long objectId, String name, List<byte[]> items, int itemSize,
            String what) {
        Failure failure = file.failure("cannot write " + what);
        delete(objectId, name, failure);
        byte[] packed = new byte[Math.max(1, Math.multiplyExact(items.size(), itemSize))];
        for (int i = 0; i < items.size(); i++) {
            byte[] item = items.get(i);
            System.arraycopy(item, 0, packed, i * itemSize, item.length);
        }
        try (Hid type = Hdf5Library.open(H5Tcopy(Hdf5Library.C_S1), hdf5::H5Tclose, failure);
                Hid space = Hdf5Library.open(H5Screate_simple(1, new long[] {items.size()}, (long[]) null),
                        hdf5::H5Sclose, failure);
                BytePointer buffer = new BytePointer(packed)) {
            Hdf5Library.check(H5Tset_size(type.id(), itemSize), failure);
            Hdf5Library.check(H5Tset_strpad(type.id(), H5T_STR_NULLPAD), failure);
            try (Hid attribute = Hdf5Library.open(
                    H5Acreate2(objectId, name, type.id(), space.id(), H5P_DEFAULT, H5P_DEFAULT), hdf5::H5Aclose,
                    failure)) {
                Hdf5Library.check(H5Awrite(attribute.id(), type.id(), buffer), failure);
            }
        }
    }

    /**
     * How many items each chunk of a Keras string-array attribute holds. Mirrors
     * save_attributes_to_hdf5_group in keras/src/legacy/saving/legacy_h5_format.py: the fewest
     * {@code np.array_split} pieces (the first {@code count % n} one item longer) whose byte size,
     * items times the widest item, fits {@link #OBJECT_HEADER_LIMIT}. One piece means no chunking.
     */
    static int[] kerasChunkSizes(int count, int itemSize) {
        int chunks = 1;
        while (chunks < count && ceilDiv(count, chunks) * (long) itemSize > OBJECT_HEADER_LIMIT) {
            chunks++;
        }
        int[] sizes = new int[chunks];
        Arrays.fill(sizes, count / chunks);
        for (int i = 0; i < count % chunks; i++) {
            sizes[i]++;
        }
        return sizes;
    }

    static boolean exists(long objectId, String name) {
        int exists = H5Aexists(objectId, name);
        if (exists < 0) {
            Hdf5Library.clearErrors();
        }
        return exists > 0;
    }

    /** Removes the attribute if present, as h5py does before writing one of the same name. */
    static void delete(long objectId, String name, Failure failure) {
        if (exists(objectId, name)) {
            Hdf5Library.check(H5Adelete(objectId, name), failure);
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}

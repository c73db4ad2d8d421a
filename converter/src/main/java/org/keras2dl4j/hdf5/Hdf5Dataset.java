package org.keras2dl4j.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.function.LongFunction;

import org.bytedeco.hdf5.global.hdf5;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.keras2dl4j.hdf5.Hdf5Library.Failure;
import org.keras2dl4j.hdf5.Hdf5Library.Hid;

/**
 * A dataset in an {@link Hdf5File}: its shape and element type, read from the header alone, and
 * its values as float32, converted by HDF5 from float64 or float16 where the file stores those.
 * Like {@link Hdf5Group} it is only the file and a path: each call opens and closes the native
 * dataset, so there is nothing to close.
 */
public final class Hdf5Dataset {

    /** The largest Java array the common JVMs allocate. */
    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private final Hdf5File file;
    private final String path;

    Hdf5Dataset(Hdf5File file, String path) {
        this.file = file;
        this.path = path;
    }

    /** The absolute path, as h5py shows it: "/model_weights/dense_1/dense_1/kernel:0". */
    public String path() {
        return path;
    }

    /** The dimensions, outermost first (Keras's order); empty for a scalar. Reads no data. */
    public long[] shape() {
        return withSpace(space -> {
            int rank = Hdf5Library.check(H5Sget_simple_extent_ndims(space), failure("cannot read the shape of"));
            long[] dimensions = new long[rank];
            if (rank > 0) {
                Hdf5Library.check(H5Sget_simple_extent_dims(space, dimensions, (long[]) null),
                        failure("cannot read the shape of"));
            }
            return dimensions;
        });
    }

    /** The element type as NumPy names it: "float32", "float64", "int64", "string", ... */
    public String dtype() {
        return withDataset(dataset -> {
            try (Hid type = Hdf5Library.open(H5Dget_type(dataset), hdf5::H5Tclose, failure("cannot read the type of"))) {
                return Hdf5Library.typeName(type.id());
            }
        });
    }

    /** The number of values, the product of the shape (1 for a scalar). Reads no data. */
    public long elementCount() {
        return withSpace(space -> Hdf5Library.check(H5Sget_simple_extent_npoints(space), failure("cannot read the size of")));
    }

    /** Compressed data may expand at most this many times (a decompression bomb expands 1000:1). */
    public static final int MAX_EXPANSION = 100;

    /**
     * Where a dataset's values are: how many, how many bytes they take as stored ({@code values}
     * times the element size) and how many bytes the file allocates to them.
     */
    public record Storage(long values, long bytes, long allocatedBytes, boolean compressed) {
    }

    /**
     * The dataset's storage, checked against the file before anything is read or allocated: in a
     * file opened read-only, every value must be in the file. Refuses values that take more bytes
     * than the file has, storage that was never written (HDF5 would make up fill values), contiguous
     * storage that runs past the end of the file, chunks that are missing, and compressed storage
     * expanding more than {@value #MAX_EXPANSION} times, naming the file, the dataset and the sizes.
     */
    public Storage storage() {
        return withDataset(this::storage);
    }

    private Storage storage(long dataset) {
        long elementSize;
        long values;
        try (Hid type = Hdf5Library.open(H5Dget_type(dataset), hdf5::H5Tclose, failure("cannot read the type of"));
                Hid space = Hdf5Library.open(H5Dget_space(dataset), hdf5::H5Sclose, failure("cannot read the shape of"))) {
            elementSize = H5Tget_size(type.id());
            values = Hdf5Library.check(H5Sget_simple_extent_npoints(space.id()), failure("cannot read the size of"));
        }
        if (elementSize <= 0) {
            throw file.invalid("dataset " + display() + " has a datatype of " + elementSize + " bytes");
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(values, elementSize);
        } catch (ArithmeticException e) {
            throw file.invalid("dataset " + display() + " declares " + values + " values of " + elementSize
                    + " bytes, more bytes than a long can count");
        }
        long length = file.length();
        if (length < 0 || bytes == 0) {
            return new Storage(values, bytes, bytes, false); // a file being written holds what we wrote
        }
        int layout;
        int filters;
        try (Hid creation = Hdf5Library.open(H5Dget_create_plist(dataset), hdf5::H5Pclose,
                failure("cannot read the layout of"))) {
            layout = Hdf5Library.check(H5Pget_layout(creation.id()), failure("cannot read the layout of"));
            filters = Hdf5Library.check(H5Pget_nfilters(creation.id()), failure("cannot read the filters of"));
        }
        long allocated = H5Dget_storage_size(dataset);
        String what = "dataset " + display() + " declares " + values + " values (" + bytes + " bytes)";
        if (layout == H5D_CONTIGUOUS) {
            long offset = H5Dget_offset(dataset);
            if (allocated < bytes || offset < 0) {
                Hdf5Library.clearErrors();
                throw file.invalid(what + " but the file stores " + Math.max(0, allocated) + " bytes of them"
                        + (bytes > length ? " (the file has " + length + " bytes)" : ""));
            }
            if (offset > length - bytes) {
                throw file.invalid(what + " at offset " + offset + ", past the end of the file (" + length + " bytes)");
            }
        } else if (layout == H5D_COMPACT) {
            if (allocated < bytes) {
                throw file.invalid(what + " but its object header holds " + allocated + " bytes of them");
            }
        } else if (layout == H5D_CHUNKED) {
            if (allocated > length) {
                throw file.invalid(what + " in chunks of " + allocated + " bytes, more than the file's " + length);
            }
            if (filters == 0 && allocated < bytes) {
                throw file.invalid(what + " but its chunks in the file hold " + allocated + " bytes (chunks are missing)");
            }
            if (filters > 0 && bytes / MAX_EXPANSION > allocated) {
                throw file.invalid(what + " compressed into " + allocated + " bytes (more than " + MAX_EXPANSION
                        + " times): a decompression bomb or a damaged file");
            }
        } else {
            throw file.invalid("dataset " + display() + " has storage layout " + layout + " (virtual or unknown), which "
                    + "keras2dl4j does not read");
        }
        return new Storage(values, bytes, allocated, layout == H5D_CHUNKED && filters > 0);
    }

    /** All values as float32 in row-major (C) order. */
    public float[] readFloats() {
        return withDataset(dataset -> {
            long count = checkedFloatCount(dataset);
            if (count > MAX_ARRAY_LENGTH) {
                throw file.invalid("dataset " + display() + " holds " + count + " values, too many for one array");
            }
            float[] values = new float[(int) count];
            if (count > 0) {
                try (FloatPointer buffer = new FloatPointer(count)) {
                    read(dataset, buffer);
                    buffer.get(values);
                }
            }
            return values;
        });
    }

    /**
     * Reads all values straight into {@code target} from its position on, with no intermediate
     * copy, and advances its position past them. {@code target} must be a direct buffer in native
     * byte order with room for {@link #elementCount()} values.
     */
    public void readFloats(FloatBuffer target) {
        if (!target.isDirect() || target.order() != ByteOrder.nativeOrder() || target.isReadOnly()) {
            throw new IllegalArgumentException("readFloats needs a writable direct buffer in native byte order");
        }
        withDataset(dataset -> {
            long count = checkedFloatCount(dataset);
            if (count > target.remaining()) {
                throw file.invalid("dataset " + display() + " holds " + count + " values, the target has room for "
                        + target.remaining());
            }
            if (count > 0) {
                // A slice starts at target.position(); JavaCPP's Pointer(Buffer) misplaces a view's non-zero position.
                try (FloatPointer destination = new FloatPointer(target.slice())) {
                    read(dataset, destination);
                }
                target.position(target.position() + (int) count);
            }
            return null;
        });
    }

    /**
     * Reads {@code rows} consecutive entries of the first dimension, starting at {@code firstRow}
     * (an HDF5 hyperslab), straight into {@code target} as {@link #readFloats(FloatBuffer)} does.
     * Lets a caller stream a large weight through a small buffer.
     */
    public void readRows(long firstRow, long rows, FloatBuffer target) {
        if (!target.isDirect() || target.order() != ByteOrder.nativeOrder() || target.isReadOnly()) {
            throw new IllegalArgumentException("readRows needs a writable direct buffer in native byte order");
        }
        withDataset(dataset -> {
            checkedFloatCount(dataset);
            try (Hid space = Hdf5Library.open(H5Dget_space(dataset), hdf5::H5Sclose, failure("cannot read the shape of"))) {
                int rank = Hdf5Library.check(H5Sget_simple_extent_ndims(space.id()), failure("cannot read the shape of"));
                long[] dims = new long[rank];
                try (LongPointer pointer = new LongPointer(rank)) {
                    Hdf5Library.check(H5Sget_simple_extent_dims(space.id(), pointer, (LongPointer) null),
                            failure("cannot read the shape of"));
                    pointer.get(dims);
                }
                if (rank == 0 || firstRow < 0 || rows < 0 || firstRow + rows > dims[0]) {
                    throw new IllegalArgumentException("rows " + firstRow + ".." + (firstRow + rows) + " outside "
                            + display() + " of " + java.util.Arrays.toString(dims));
                }
                long[] start = new long[rank];
                long[] count = dims.clone();
                start[0] = firstRow;
                count[0] = rows;
                long values = 1;
                for (long c : count) {
                    values *= c;
                }
                if (values > target.remaining()) {
                    throw new IllegalArgumentException("the target has room for " + target.remaining() + " values, "
                            + values + " needed");
                }
                if (values == 0) {
                    return null;
                }
                try (LongPointer startPointer = new LongPointer(start);
                        LongPointer countPointer = new LongPointer(count);
                        Hid memory = Hdf5Library.open(H5Screate_simple(rank, countPointer, (LongPointer) null),
                                hdf5::H5Sclose, failure("cannot select rows of"));
                        FloatPointer destination = new FloatPointer(target.slice())) {
                    Hdf5Library.check(H5Sselect_hyperslab(space.id(), H5S_SELECT_SET, startPointer, null,
                            countPointer, null), failure("cannot select rows of"));
                    Hdf5Library.check(H5Dread(dataset, Hdf5Library.NATIVE_FLOAT, memory.id(), space.id(),
                            H5P_DEFAULT, destination), file.failure("cannot read dataset " + display()
                            + ": the file is truncated or damaged"));
                }
                target.position(target.position() + (int) values);
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "Hdf5Dataset[" + file.path() + ":" + path + "]";
    }

    /** The number of values, after checking that they are floats and are all in the file ({@link #storage()}). */
    private long checkedFloatCount(long dataset) {
        storage(dataset);
        try (Hid type = Hdf5Library.open(H5Dget_type(dataset), hdf5::H5Tclose, failure("cannot read the type of"));
                Hid space = Hdf5Library.open(H5Dget_space(dataset), hdf5::H5Sclose, failure("cannot read the shape of"))) {
            long size = H5Tget_size(type.id());
            if (H5Tget_class(type.id()) != H5T_FLOAT || (size != 2 && size != 4 && size != 8)) {
                throw file.invalid("dataset " + display() + " has type " + Hdf5Library.typeName(type.id())
                        + ", expected a float type");
            }
            return Hdf5Library.check(H5Sget_simple_extent_npoints(space.id()), failure("cannot read the size of"));
        }
    }

    private void read(long dataset, FloatPointer destination) {
        Hdf5Library.check(H5Dread(dataset, Hdf5Library.NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, destination),
                file.failure("cannot read dataset " + display() + ": the file is truncated or damaged"));
    }

    private <T> T withSpace(LongFunction<T> body) {
        return withDataset(dataset -> {
            try (Hid space = Hdf5Library.open(H5Dget_space(dataset), hdf5::H5Sclose, failure("cannot read the shape of"))) {
                return body.apply(space.id());
            }
        });
    }

    /** Runs {@code body} on this dataset opened, holding the library lock. */
    private <T> T withDataset(LongFunction<T> body) {
        synchronized (Hdf5Library.LOCK) {
            try (Hid dataset = Hdf5Library.open(H5Dopen2(file.id(), path, H5P_DEFAULT), hdf5::H5Dclose,
                    failure("cannot open"))) {
                return body.apply(dataset.id());
            }
        }
    }

    /** "cannot read the shape of dataset x (HDF5: reason)" for the given verb phrase. */
    private Failure failure(String action) {
        return file.failure(action + " dataset " + display());
    }

    private String display() {
        return Hdf5File.display(path);
    }
}

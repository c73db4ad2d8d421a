package org.keras2dl4j.dl4j;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@code coefficients.bin} entry of a DL4J zip, written and read in bulk. The bytes are exactly
 * what {@code Nd4j.write} produces (so {@code ModelSerializer} and {@code Nd4j.read} read them): the
 * shape-information buffer, then the data buffer's header (allocation mode, length, data type) and
 * its values big-endian. ND4J writes and reads those values one {@code writeFloat} at a time and
 * ModelSerializer deflates them (8-9 s for 250 MB); here they are converted in 4 MB blocks and stored
 * uncompressed, since random-looking floats do not compress.
 */
final class Coefficients {
    static final String ENTRY = "coefficients.bin";
    private static final int BLOCK_FLOATS = 1 << 20;

    private Coefficients() {
    }

    /** Whether {@link #write} can store {@code params} in bulk; other arrays go through Nd4j.write. */
    static boolean bulk(INDArray params) {
        return params.dataType() == DataType.FLOAT && params.length() > 0 && !params.isView()
                && params.data().asNioFloat().isDirect();
    }

    /** Writes {@code params} as a stored (uncompressed) entry; {@link #bulk} must hold. */
    static void write(ZipOutputStream zip, INDArray params) throws IOException {
        byte[] header = header(params);
        long length = params.data().length();
        CRC32 crc = new CRC32();
        crc.update(header);
        forEachBlock(params, crc::update);
        ZipEntry entry = new ZipEntry(ENTRY);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(header.length + 4 * length);
        entry.setCompressedSize(header.length + 4 * length);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(header);
        byte[] chunk = new byte[4 * BLOCK_FLOATS];
        forEachBlock(params, block -> {
            int n = block.remaining();
            block.get(chunk, 0, n);
            zip.write(chunk, 0, n);
        });
        zip.closeEntry();
    }

    /**
     * Reads the values of a coefficients entry written by {@link #write} or by {@code Nd4j.write}
     * into a new {@code [1, n]} float row; {@code expected} is the configuration's parameter count.
     */
    static INDArray read(InputStream entry, long expected, String source) throws IOException {
        DataInputStream in = new DataInputStream(entry);
        skipBuffer(in, source); // the shape information: [1, n] for DL4J's flattened parameters
        in.readUTF(); // allocation mode
        long length = in.readLong();
        String type = in.readUTF();
        if (!"FLOAT".equals(type)) {
            return null;
        }
        if (length != expected) {
            throw new IOException(source + " holds " + length + " parameters, the configuration has " + expected);
        }
        long limit = org.bytedeco.javacpp.Pointer.maxPhysicalBytes();
        if (limit > 0 && 4 * length > limit) {
            throw new IOException(source + " holds " + length + " parameters (" + (4 * length >> 20) + " MiB), more than "
                    + "the " + (limit >> 20) + " MiB of memory ND4J may use (-Dorg.bytedeco.javacpp.maxphysicalbytes)");
        }
        INDArray params = Nd4j.createUninitialized(DataType.FLOAT, 1, length);
        if (length == 0) {
            return params; // a network without parameters (activations, reshapes)
        }
        FloatBuffer target = params.data().asNioFloat();
        byte[] chunk = new byte[4 * BLOCK_FLOATS];
        FloatBuffer values = ByteBuffer.wrap(chunk).order(ByteOrder.BIG_ENDIAN).asFloatBuffer();
        long remaining = length;
        while (remaining > 0) {
            int n = (int) Math.min(BLOCK_FLOATS, remaining);
            in.readFully(chunk, 0, 4 * n);
            values.clear().limit(n);
            target.put(values);
            remaining -= n;
        }
        return params;
    }

    /** The bytes Nd4j.write puts before the values. */
    private static byte[] header(INDArray params) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        params.shapeInfoDataBuffer().write(out);
        out.writeUTF(params.data().allocationMode().name());
        out.writeLong(params.data().length());
        out.writeUTF(params.dataType().name());
        out.flush();
        return bytes.toByteArray();
    }

    /** A data buffer as BaseDataBuffer.write writes it: mode, length, type, values. */
    private static void skipBuffer(DataInputStream in, String source) throws IOException {
        in.readUTF();
        long length = in.readLong();
        String type = in.readUTF();
        int size = switch (type) {
            case "LONG", "DOUBLE", "UINT64" -> 8;
            case "INT", "FLOAT", "UINT32" -> 4;
            default -> throw new IOException(source + ": unexpected shape information of type " + type);
        };
        in.skipNBytes(length * size);
    }

    private interface BlockConsumer {
        void accept(ByteBuffer block) throws IOException;
    }

    /** Passes the values as big-endian bytes, 4 MB at a time. */
    private static void forEachBlock(INDArray params, BlockConsumer consumer) throws IOException {
        FloatBuffer source = params.data().asNioFloat();
        ByteBuffer block = ByteBuffer.allocateDirect(4 * BLOCK_FLOATS).order(ByteOrder.BIG_ENDIAN);
        FloatBuffer floats = block.asFloatBuffer();
        long length = params.data().length();
        for (long start = 0; start < length; start += BLOCK_FLOATS) {
            int n = (int) Math.min(BLOCK_FLOATS, length - start);
            floats.clear();
            floats.put(source.duplicate().position((int) start).limit((int) start + n));
            block.clear().limit(4 * n);
            consumer.accept(block);
        }
    }

    /** Writes through {@code out} the way ModelSerializer does, for arrays {@link #bulk} does not take. */
    static void writeWithNd4j(OutputStream out, INDArray params) throws IOException {
        DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(out, 1 << 20));
        Nd4j.write(params, data);
        data.flush();
    }
}

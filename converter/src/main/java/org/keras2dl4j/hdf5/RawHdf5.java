package org.keras2dl4j.hdf5;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keras2dl4j.InvalidModelException;

/**
 * The few parts of the HDF5 file format read in Java rather than by the native library: the
 * superblock, object headers (versions 1 and 2, with their continuation chunks), attribute messages
 * holding strings, and global heap objects (where variable-length strings live). Used for every
 * string attribute of a file opened read-only, so that native HDF5 never decodes an attribute of an
 * untrusted file: HDF5 1.12.1 loops forever on a global heap collection with an empty object, reads
 * through the null or stale pointer of a heap object that is not there, and copies a heap object
 * into a buffer sized by the attribute's own length field before it compares the two (a heap
 * overflow that crashes the JVM later, somewhere else). Here every offset and length is checked
 * against the file's length and the structure that holds it, and a damaged file gets one line.
 *
 * <p>Layouts from the HDF5 File Format Specification version 3.0, sections II.A (superblock), IV.A
 * (object headers and the datatype, dataspace, attribute, attribute info and continuation
 * messages) and III.E (global heap).
 */
final class RawHdf5 {
    /** The largest object header chunk read (HDF5 itself writes chunks of at most 64 KiB plus messages). */
    private static final int MAX_CHUNK_BYTES = 16 << 20;
    /** The most chunks one object header may have. */
    private static final int MAX_CHUNKS = 4096;
    /** The largest global heap collection read: model configs are at most 64 MiB of JSON. */
    private static final long MAX_COLLECTION_BYTES = 80L << 20;
    /** The most strings one attribute may hold. */
    private static final long MAX_STRINGS = 1 << 20;

    private static final int MESSAGE_DATATYPE = 0x0003;
    private static final int MESSAGE_ATTRIBUTE = 0x000C;
    private static final int MESSAGE_CONTINUATION = 0x0010;
    private static final int MESSAGE_ATTRIBUTE_INFO = 0x0015;

    private final String name;
    private final FileChannel channel;
    private final long length;
    private final long base;
    private final int offsetSize;
    private final int lengthSize;

    private RawHdf5(String name, FileChannel channel, long length, long base, int offsetSize, int lengthSize) {
        this.name = name;
        this.channel = channel;
        this.length = length;
        this.base = base;
        this.offsetSize = offsetSize;
        this.lengthSize = lengthSize;
    }

    /**
     * Reads the superblock found at {@code superblockOffset} of {@code path}; {@code name} names the
     * file in messages. The file stays open for reading until {@link #close()}.
     */
    static RawHdf5 open(Path path, String name, long superblockOffset) {
        FileChannel channel;
        long length;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            length = channel.size();
        } catch (IOException e) {
            throw new InvalidModelException(name + ": cannot read the file (" + e.getMessage() + ")", e);
        }
        try {
            return open(name, channel, length, superblockOffset);
        } catch (RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    private static RawHdf5 open(String name, FileChannel channel, long length, long superblockOffset) {
        RawHdf5 probe = new RawHdf5(name, channel, length, 0, 8, 8);
        ByteBuffer sb = probe.read(superblockOffset, (int) Math.min(96, length - superblockOffset), "the superblock");
        if (sb.limit() < 48) {
            throw probe.invalid("the HDF5 superblock is truncated (the file has " + length + " bytes)");
        }
        int version = sb.get(8) & 0xff;
        if (version > 3) {
            throw probe.invalid("the HDF5 superblock has version " + version + ", expected 0 to 3");
        }
        int offsets = sb.get(version < 2 ? 13 : 9) & 0xff;
        int lengths = sb.get(version < 2 ? 14 : 10) & 0xff;
        if (!validSize(offsets) || !validSize(lengths)) {
            throw probe.invalid("the HDF5 superblock declares " + offsets + "-byte addresses and " + lengths
                    + "-byte lengths, expected 2, 4 or 8");
        }
        // Addresses are relative to the superblock's own position, whatever base address it records:
        // HDF5 resets the base to where it found the superblock (H5F__super_read).
        long base = superblockOffset;
        return new RawHdf5(name, channel, length, base, offsets, lengths);
    }

    void close() {
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only: nothing is lost
        }
    }

    private InvalidModelException invalid(String problem) {
        return new InvalidModelException(name + ": " + problem);
    }

    private static boolean validSize(int size) {
        return size == 2 || size == 4 || size == 8;
    }

    /** The object header address HDF5 gives as an object's token (its address, little-endian). */
    long tokenAddress(byte[] token) {
        long address = 0;
        for (int i = offsetSize - 1; i >= 0; i--) {
            address = address << 8 | (token[i] & 0xff);
        }
        return address;
    }

    /** Whether the object with its header at {@code header} has an attribute {@code name}. */
    boolean hasAttribute(long header, String name, String object) {
        return findAttribute(header, name, object) != null;
    }

    /**
     * The strings held by attribute {@code name} of the object with its header at {@code header}:
     * a fixed- or variable-length string, scalar or 1-D; an empty list for an empty attribute of any
     * type (Keras writes a layer without weights as {@code weight_names = np.asarray([])}).
     */
    List<String> readStrings(long header, String name, String what, String object) {
        Attribute attribute = findAttribute(header, name, object);
        if (attribute == null) {
            throw invalid("no " + what);
        }
        return attribute.strings(what);
    }

    // ------------------------------------------------------------------ object headers

    /** One header message: its type and where its data lies in the file. */
    private record Message(int type, int flags, long offset, int size) {
    }

    private Attribute findAttribute(long header, String name, String object) {
        boolean dense = false;
        for (Message message : messages(header, object)) {
            if (message.type() == MESSAGE_ATTRIBUTE) {
                Attribute attribute = attribute(message, object);
                if (attribute.name().equals(name)) {
                    return attribute;
                }
            } else if (message.type() == MESSAGE_ATTRIBUTE_INFO) {
                dense |= denseStorage(message, object);
            }
        }
        if (dense) {
            throw invalid(object + " keeps its attributes in dense storage (a fractal heap), which keras2dl4j "
                    + "does not read; h5py writes it only for objects with many attributes");
        }
        return null;
    }

    private List<Message> messages(long header, String object) {
        String where = "the object header of " + object;
        if (header < 0 || base + header >= length || base + header < 0) {
            throw invalid(where + " lies beyond the end of the file (address " + header + ")");
        }
        ByteBuffer prefix = read(base + header, (int) Math.min(48, length - base - header), where);
        List<Message> messages = new ArrayList<>();
        Deque<long[]> chunks = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        boolean v2 = prefix.remaining() >= 4 && prefix.getInt(0) == 0x5244484F; // "OHDR"
        int messageFlagsCreationOrder = 0;
        if (v2) {
            int version = prefix.get(4) & 0xff;
            int flags = prefix.get(5) & 0xff;
            if (version != 2) {
                throw invalid(where + " has version " + version + ", expected 2");
            }
            int at = 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
            int width = 1 << (flags & 0x03);
            long size = unsigned(prefix, at, width, where);
            messageFlagsCreationOrder = flags & 0x04;
            chunks.add(new long[] {base + header + at + width, size});
        } else {
            int version = prefix.get(0) & 0xff;
            if (version != 1) {
                throw invalid(where + " has version " + version + ", expected 1 or 2");
            }
            long size = unsigned(prefix, 8, 4, where);
            chunks.add(new long[] {base + header + 16, size});
        }
        int chunkCount = 0;
        while (!chunks.isEmpty()) {
            long[] chunk = chunks.poll();
            if (!seen.add(chunk[0]) || ++chunkCount > MAX_CHUNKS) {
                throw invalid(where + " is damaged (its continuation chunks loop or are too many)");
            }
            if (chunk[1] < 0 || chunk[1] > MAX_CHUNK_BYTES) {
                throw invalid(where + " declares a chunk of " + chunk[1] + " bytes");
            }
            ByteBuffer data = read(chunk[0], (int) chunk[1], where);
            int start = 0;
            int end = data.limit();
            if (v2 && chunkCount > 1) {
                if (data.limit() < 8 || data.getInt(0) != 0x4B48434F) { // "OCHK"
                    throw invalid(where + " has a continuation chunk without its OCHK signature");
                }
                start = 4;
                end -= 4; // checksum
            }
            int headerBytes = v2 ? 4 + (messageFlagsCreationOrder != 0 ? 2 : 0) : 8;
            int at = start;
            while (at + headerBytes <= end) {
                int type = v2 ? data.get(at) & 0xff : data.getShort(at) & 0xffff;
                int size = data.getShort(at + (v2 ? 1 : 2)) & 0xffff;
                int flags = data.get(at + (v2 ? 3 : 4)) & 0xff;
                int dataAt = at + headerBytes;
                if (dataAt + size > end) {
                    throw invalid(where + " has a message (type " + type + ") of " + size
                            + " bytes that runs past the end of its chunk");
                }
                messages.add(new Message(type, flags, chunk[0] + dataAt, size));
                if (type == MESSAGE_CONTINUATION) {
                    ByteBuffer m = slice(data, dataAt, size);
                    long address = unsigned(m, 0, offsetSize, where);
                    long bytes = unsigned(m, offsetSize, lengthSize, where);
                    if (base + address < 0 || base + address >= length || bytes > length) {
                        throw invalid(where + " continues at " + address + ", outside the file");
                    }
                    chunks.add(new long[] {base + address, bytes});
                }
                at = dataAt + size;
            }
        }
        return messages;
    }

    private boolean denseStorage(Message message, String object) {
        String where = "the attribute info of " + object;
        ByteBuffer m = read(message.offset(), message.size(), where);
        if (m.limit() < 2) {
            throw invalid(where + " is truncated");
        }
        int flags = m.get(1) & 0xff;
        int at = 2 + ((flags & 0x01) != 0 ? 2 : 0);
        if (at + offsetSize > m.limit()) {
            throw invalid(where + " is truncated");
        }
        return !undefined(m, at, offsetSize);
    }

    // ------------------------------------------------------------------ attributes

    /** An attribute message, decoded as far as strings need. */
    private final class Attribute {
        private final String name;
        private final String object;
        private final ByteBuffer message;
        private final int typeAt;
        private final int typeSize;
        private final int dataAt;
        private final long count;
        private final int rank;

        Attribute(String name, String object, ByteBuffer message, int typeAt, int typeSize, int dataAt, long count,
                int rank) {
            this.name = name;
            this.object = object;
            this.message = message;
            this.typeAt = typeAt;
            this.typeSize = typeSize;
            this.dataAt = dataAt;
            this.count = count;
            this.rank = rank;
        }

        String name() {
            return name;
        }

        List<String> strings(String what) {
            if (count == 0) {
                return List.of();
            }
            if (typeSize < 8) {
                throw invalid(what + " has a truncated datatype");
            }
            int typeClass = message.get(typeAt) & 0x0f;
            int bits = (message.get(typeAt + 1) & 0xff) | (message.get(typeAt + 2) & 0xff) << 8
                    | (message.get(typeAt + 3) & 0xff) << 16;
            long size = unsigned(message, typeAt + 4, 4, what);
            boolean fixed = typeClass == 3;
            boolean variable = typeClass == 9 && (bits & 0x0f) == 1;
            if (!fixed && !variable) {
                throw invalid(what + " has type " + typeName(typeClass, bits, size) + ", expected a string");
            }
            if (rank > 1) {
                throw invalid(what + " has " + rank + " dimensions, expected a string or a list of strings");
            }
            if (count > MAX_STRINGS) {
                throw invalid(what + " declares " + count + " strings, more than the " + MAX_STRINGS + " read");
            }
            long element = fixed ? size : 4 + offsetSize + 4;
            if (element <= 0 || element > MAX_CHUNK_BYTES) {
                throw invalid(what + " declares strings of " + size + " bytes");
            }
            long bytes = count * element; // both bounded above: no overflow
            if (bytes > message.limit() - dataAt) {
                throw invalid(what + " declares " + count + " strings of " + element + " bytes, but its message "
                        + "holds " + Math.max(0, message.limit() - dataAt) + " bytes of data");
            }
            List<String> values = new ArrayList<>((int) count);
            if (fixed) {
                boolean spacePadded = (bits & 0x0f) == 2;
                for (long i = 0; i < count; i++) {
                    int start = (int) (dataAt + i * element);
                    int end = start;
                    while (end < start + element && message.get(end) != 0) {
                        end++;
                    }
                    while (spacePadded && end > start && message.get(end - 1) == ' ') {
                        end--;
                    }
                    byte[] text = new byte[end - start];
                    message.get(start, text);
                    values.add(new String(text, StandardCharsets.UTF_8));
                }
                return values;
            }
            Map<Long, Map<Integer, long[]>> collections = new HashMap<>();
            for (long i = 0; i < count; i++) {
                int at = (int) (dataAt + i * element);
                long stringLength = unsigned(message, at, 4, what);
                if (stringLength == 0) {
                    values.add("");
                    continue;
                }
                long collection = unsigned(message, at + 4, offsetSize, what);
                long index = unsigned(message, at + 4 + offsetSize, 4, what);
                Map<Integer, long[]> objects = collections.get(collection);
                if (objects == null) {
                    objects = collection(collection, what);
                    collections.put(collection, objects);
                }
                long[] object = index > 0xffff ? null : objects.get((int) index);
                if (object == null) {
                    throw invalid(what + " refers to object " + index + " of the global heap collection at "
                            + collection + ", which does not hold it");
                }
                if (object[1] != stringLength) {
                    throw invalid(what + " declares a string of " + stringLength + " bytes, but its global heap "
                            + "object holds " + object[1]);
                }
                ByteBuffer text = read(object[0], (int) stringLength, what);
                byte[] utf8 = new byte[text.remaining()];
                text.get(utf8);
                values.add(new String(utf8, StandardCharsets.UTF_8));
            }
            return values;
        }
    }

    private Attribute attribute(Message message, String object) {
        String where = "an attribute message of " + object;
        if ((message.flags() & 0x02) != 0) {
            throw invalid(where + " is shared (stored elsewhere), which keras2dl4j does not read");
        }
        ByteBuffer m = read(message.offset(), message.size(), where);
        if (m.limit() < 8) {
            throw invalid(where + " is truncated");
        }
        int version = m.get(0) & 0xff;
        int flags = m.get(1) & 0xff;
        int nameSize = m.getShort(2) & 0xffff;
        int typeSize = m.getShort(4) & 0xffff;
        int spaceSize = m.getShort(6) & 0xffff;
        int at;
        boolean padded;
        switch (version) {
            case 1 -> {
                at = 8;
                padded = true;
            }
            case 2 -> {
                at = 8;
                padded = false;
            }
            case 3 -> {
                at = 9;
                padded = false;
            }
            default -> throw invalid(where + " has version " + version + ", expected 1 to 3");
        }
        if (version > 1 && (flags & 0x03) != 0) {
            throw invalid(where + " has a shared datatype or dataspace, which keras2dl4j does not read");
        }
        long nameEnd = at + (long) nameSize;
        long typeAt = padded ? align8(nameEnd) : nameEnd;
        long spaceAt = typeAt + (padded ? align8(typeSize) : typeSize);
        long dataAt = spaceAt + (padded ? align8(spaceSize) : spaceSize);
        if (nameSize == 0 || dataAt > m.limit()) {
            throw invalid(where + " is truncated (its name, datatype and dataspace take " + dataAt + " of its "
                    + m.limit() + " bytes)");
        }
        int nameLength = 0;
        while (nameLength < nameSize && m.get(at + nameLength) != 0) {
            nameLength++;
        }
        byte[] nameBytes = new byte[nameLength];
        m.get(at, nameBytes);
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        long[] space = dataspace(slice(m, (int) spaceAt, spaceSize), where);
        return new Attribute(name, object, m, (int) typeAt, typeSize, (int) dataAt, space[0], (int) space[1]);
    }

    /** The number of elements and the rank of a dataspace message. */
    private long[] dataspace(ByteBuffer m, String where) {
        if (m.limit() < 4) {
            throw invalid(where + " has a truncated dataspace");
        }
        int version = m.get(0) & 0xff;
        int rank = m.get(1) & 0xff;
        int flags = m.get(2) & 0xff;
        int dimsAt;
        if (version == 1) {
            dimsAt = 8;
        } else if (version == 2) {
            int type = m.get(3) & 0xff;
            if (type == 2) {
                return new long[] {0, 0}; // null dataspace: no elements
            }
            if (type == 0) {
                return new long[] {1, 0}; // scalar
            }
            dimsAt = 4;
        } else {
            throw invalid(where + " has a dataspace of version " + version + ", expected 1 or 2");
        }
        if (rank > 32 || dimsAt + (long) rank * lengthSize > m.limit()) {
            throw invalid(where + " has a dataspace of " + rank + " dimensions that its message cannot hold");
        }
        long count = 1;
        for (int i = 0; i < rank; i++) {
            long d = unsigned(m, dimsAt + i * lengthSize, lengthSize, where);
            if (d < 0) {
                throw invalid(where + " has a dataspace dimension beyond 2^63");
            }
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                throw invalid(where + " has a dataspace of more elements than a long can count");
            }
        }
        if ((flags & 0x01) != 0 && dimsAt + 2L * rank * lengthSize > m.limit()) {
            throw invalid(where + " has a dataspace whose maximum dimensions its message cannot hold");
        }
        return new long[] {count, rank};
    }

    // ------------------------------------------------------------------ global heap

    /**
     * The objects of the global heap collection at {@code address}: index to {offset in the file,
     * size}, walked as HDF5's H5HG__cache_heap_deserialize walks them (a later object of the same
     * index replaces an earlier one; what is left at the end too small for an object header is free
     * space), refusing what makes HDF5 loop forever or read outside the collection.
     */
    private Map<Integer, long[]> collection(long address, String what) {
        String where = what + ": the global heap collection at " + address;
        long start = base + address;
        if (address < 0 || start < 0 || start + 8 + lengthSize > length) {
            throw invalid(where + " lies beyond the end of the file");
        }
        ByteBuffer head = read(start, 8 + lengthSize, where);
        if (head.getInt(0) != 0x4C4F4347 || (head.get(4) & 0xff) != 1) { // "GCOL", version 1
            throw invalid(where + " has no GCOL signature");
        }
        long size = unsigned(head, 8, lengthSize, where);
        int objectHeader = 8 + lengthSize;
        if (size < 8 + lengthSize || size > MAX_COLLECTION_BYTES || start + size > length || size < 0) {
            throw invalid(where + " declares " + size + " bytes, but the file has " + (length - start)
                    + " bytes from there");
        }
        ByteBuffer heap = read(start, (int) size, where);
        Map<Integer, long[]> objects = new HashMap<>();
        long p = 8 + lengthSize;
        while (p < size) {
            if (p + objectHeader > size) {
                break; // free space too small for an object header
            }
            int index = heap.getShort((int) p) & 0xffff;
            long objectSize = unsigned(heap, (int) p + 8, lengthSize, where);
            long need;
            if (index > 0) {
                if (objectSize < 0 || objectSize > size) {
                    throw invalid(where + " holds object " + index + " of " + objectSize
                            + " bytes, more than the collection");
                }
                need = objectHeader + align8(objectSize);
                if (p + objectHeader + objectSize > size) {
                    throw invalid(where + " holds object " + index + " that runs past the collection's end");
                }
                objects.put(index, new long[] {start + p + objectHeader, objectSize});
            } else {
                need = objectSize; // the free space object's size includes its header
            }
            if (need <= 0) {
                throw invalid(where + " is damaged (an object of size 0 at offset " + p
                        + ", on which HDF5 would loop forever)");
            }
            if (need > size - p) {
                break; // HDF5 stops here too
            }
            p += need;
        }
        return objects;
    }

    // ------------------------------------------------------------------ bytes

    /** {@code count} bytes at {@code offset}, little-endian; fails if any lies beyond the end of the file. */
    private ByteBuffer read(long offset, int count, String what) {
        if (offset < 0 || count < 0 || offset > length - count) {
            throw invalid(what + " lies beyond the end of the file (" + count + " bytes at " + offset + ", the file "
                    + "has " + length + ")");
        }
        ByteBuffer buffer = ByteBuffer.allocate(count).order(ByteOrder.LITTLE_ENDIAN);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw invalid(what + " lies beyond the end of the file");
                }
            }
        } catch (IOException e) {
            throw new InvalidModelException(name + ": cannot read the file (" + e.getMessage() + ")", e);
        }
        return buffer.flip();
    }

    private static ByteBuffer slice(ByteBuffer buffer, int at, int size) {
        return buffer.slice(at, Math.max(0, Math.min(size, buffer.limit() - at))).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** An unsigned little-endian number of {@code width} bytes (up to 8; above 2^63 it is negative). */
    private long unsigned(ByteBuffer buffer, int at, int width, String what) {
        if (at < 0 || at + width > buffer.limit()) {
            throw invalid(what + " is truncated");
        }
        long value = 0;
        for (int i = width - 1; i >= 0; i--) {
            value = value << 8 | (buffer.get(at + i) & 0xff);
        }
        return value;
    }

    private static boolean undefined(ByteBuffer buffer, int at, int width) {
        for (int i = 0; i < width; i++) {
            if (buffer.get(at + i) != (byte) 0xff) {
                return false;
            }
        }
        return true;
    }

    private static long align8(long n) {
        return (n + 7) & ~7L;
    }

    /** The NumPy name of an HDF5 datatype class, as {@link Hdf5Library#typeName} gives it. */
    private static String typeName(int typeClass, int bits, long size) {
        return switch (typeClass) {
            case 0 -> ((bits & 0x08) != 0 ? "int" : "uint") + 8 * size;
            case 1 -> "float" + 8 * size;
            case 3 -> "string";
            case 4 -> "bitfield";
            case 5 -> "opaque";
            case 6 -> "compound";
            case 7 -> "reference";
            case 8 -> "enum";
            case 9 -> "vlen";
            case 10 -> "array";
            default -> "HDF5 type class " + typeClass;
        };
    }

    long length() {
        return length;
    }
}

using System.Buffers.Binary;
using System.Text;

namespace StackPack.Engine.Index;

/// <summary>
/// Reads what <see cref="BinaryWriter"/> wrote (little-endian numbers, 7-bit encoded lengths,
/// UTF-8 strings) straight from a byte array, without BinaryReader's per-call stream overhead.
/// Anything past the end, or a length or number out of range, is a <see cref="FormatException"/>.
/// </summary>
internal ref struct SpanReader(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _position;

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public string ReadString() => Encoding.UTF8.GetString(Take(Read7BitInt()));

    /// <summary>A count of things that each take at least a byte here, and no more than <paramref name="limit"/>.</summary>
    public int ReadCount(long limit)
    {
        var count = Read7BitInt();
        return count <= limit && count <= _bytes.Length - _position ? count : throw new FormatException("bad count");
    }

    /// <summary>Whether everything was read: a copy with more in it than its counts say is not the one written.</summary>
    public readonly bool AtEnd => _position == _bytes.Length;

    /// <summary>A string given by its number in <paramref name="strings"/>.</summary>
    public string ReadReference(string[] strings) => Lookup(strings, Read7BitInt());

    public static string Lookup(string[] strings, int number) =>
        (uint)number < (uint)strings.Length ? strings[number] : throw new FormatException("bad string number");

    /// <summary>A non-negative int in 7-bit groups, as BinaryWriter.Write7BitEncodedInt writes it.</summary>
    public int Read7BitInt()
    {
        var result = 0u;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = Take(1)[0];
            result |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result <= int.MaxValue ? (int)result : throw new FormatException("bad number");
            }
        }

        throw new FormatException("bad number");
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length < 0 || length > _bytes.Length - _position)
        {
            throw new FormatException("truncated");
        }

        var span = _bytes.Slice(_position, length);
        _position += length;
        return span;
    }
}

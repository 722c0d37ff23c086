using System.Text;

namespace Finance.Data;

/// <summary>Text for XML parts (workbooks): what XML 1.0 cannot hold is replaced, so writing stored text never fails.</summary>
public static class XmlText
{
    /// <summary>
    /// Stored text as an XML part can hold it: any character XML 1.0 forbids (an old row stored before the rule) becomes
    /// U+FFFD, so an export never fails on what is in the database.
    /// </summary>
    public static string Clean(string s)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < s.Length; i++)
        {
            var ch = s[i];
            var pair = char.IsHighSurrogate(ch) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]);
            var ok = pair || (!char.IsSurrogate(ch) && (ch is '\t' or '\n' or '\r' || ch >= ' ') && ch is not ('\uFFFE' or '\uFFFF'));
            if (!ok && sb is null)
            {
                sb = new StringBuilder(s.Length).Append(s, 0, i);
            }
            if (sb is not null)
            {
                if (ok)
                {
                    sb.Append(ch);
                    if (pair)
                    {
                        sb.Append(s[i + 1]);
                    }
                }
                else
                {
                    sb.Append('\uFFFD');
                }
            }
            if (pair)
            {
                i++;
            }
        }
        return sb?.ToString() ?? s;
    }
}

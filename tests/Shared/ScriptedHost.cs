// Compiled both by the xunit project (nullable on) and by pwsh Add-Type (nullable off): written without annotations.
#nullable disable
// A PowerShell host whose prompts are answered by the test (Pester adds it with Add-Type).
// It records everything written to it and which answers were read masked, so a test can
// drive an interactive cmdlet and check that secrets were read as secrets and never echoed.
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace StackPack.Testing
{
    public sealed class ScriptedHost : PSHost
    {
        private readonly ScriptedHostUI _ui;

        public ScriptedHost(string[] answers) { _ui = new ScriptedHostUI(answers); }

        public ScriptedHostUI Script => _ui;
        public override PSHostUserInterface UI => _ui;
        public override string Name => "StackPackScriptedHost";
        public override Version Version => new Version(1, 0);
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override void SetShouldExit(int exitCode) { }
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
    }

    public sealed class ScriptedHostUI : PSHostUserInterface
    {
        private readonly Queue<string> _answers;
        private readonly StringBuilder _output = new StringBuilder();

        public ScriptedHostUI(string[] answers) { _answers = new Queue<string>(answers); }

        /// <summary>Everything the cmdlet wrote to the host, prompts included.</summary>
        public string Output => _output.ToString();
        /// <summary>The prompt text shown before each masked read.</summary>
        public List<string> SecretPrompts { get; } = new List<string>();
        public List<string> Warnings { get; } = new List<string>();
        public int Remaining => _answers.Count;

        public override PSHostRawUserInterface RawUI => null;

        public override string ReadLine()
        {
            if (_answers.Count == 0) throw new InvalidOperationException("The test gave no more answers. Output so far:\n" + Output);
            var answer = _answers.Dequeue();
            _output.AppendLine(answer);
            return answer;
        }

        public override SecureString ReadLineAsSecureString()
        {
            if (_answers.Count == 0) throw new InvalidOperationException("The test gave no more answers. Output so far:\n" + Output);
            var lastLine = Output.Substring(Output.LastIndexOf('\n') + 1);
            SecretPrompts.Add(lastLine);
            var secure = new SecureString();
            foreach (var c in _answers.Dequeue()) secure.AppendChar(c);
            _output.AppendLine("<masked>");
            return secure;
        }

        public override void Write(string value) => _output.Append(value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => _output.Append(value);
        public override void WriteLine(string value) => _output.AppendLine(value);
        public override void WriteErrorLine(string value) => _output.AppendLine("ERROR: " + value);
        public override void WriteDebugLine(string message) { }
        /// <summary>Every progress record written: "activity | status | parent id".</summary>
        public List<string> Progress { get; } = new List<string>();
        public override void WriteProgress(long sourceId, ProgressRecord record) =>
            Progress.Add($"{record.Activity} | {record.StatusDescription} | {record.ParentActivityId} | {record.RecordType}");
        public override void WriteVerboseLine(string message) { }
        public override void WriteWarningLine(string message) { Warnings.Add(message); _output.AppendLine("WARNING: " + message); }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new NotSupportedException("Prompt is not scripted");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new NotSupportedException("PromptForCredential is not scripted");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new NotSupportedException("PromptForCredential is not scripted");
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            var answer = ReadLine();
            for (var i = 0; i < choices.Count; i++)
            {
                if (choices[i].Label.Replace("&", "").StartsWith(answer, StringComparison.OrdinalIgnoreCase)) return i;
            }
            return defaultChoice;
        }
    }
}

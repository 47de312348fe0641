/**
 * docker/cli's `--format` flag help (cli/flags FormatHelp) as pflag wraps it at 80 columns with
 * the flag column 24 wide: the lines several commands' `--help` print.
 */
export const FORMAT_HELP_AT_24 = [
  '      --format string   Format output using a custom template:',
  "                        'table':            Print output in table format",
  '                        with column headers (default)',
  "                        'table TEMPLATE':   Print output in table format",
  '                        using the given Go template',
  "                        'json':             Print in JSON format",
  "                        'TEMPLATE':         Print output using the given",
  '                        Go template.',
  '                        Refer to https://docs.docker.com/go/formatting/',
  '                        for more information about formatting output with',
  '                        templates',
];

# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_cruddur_global_optspecs
    string join \n prod o/output= table= region= endpoint-url= v/verbose h/help V/version
end

function __fish_cruddur_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_cruddur_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_cruddur_using_subcommand
    set -l cmd (__fish_cruddur_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c cruddur -n "__fish_cruddur_needs_command" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_needs_command" -l table -d 'DynamoDB table holding the messages' -r
complete -c cruddur -n "__fish_cruddur_needs_command" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_needs_command" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_needs_command" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_needs_command" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_needs_command" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_needs_command" -f -a "ddb" -d 'DynamoDB tables: create, seed, scan, drop, list'
complete -c cruddur -n "__fish_cruddur_needs_command" -f -a "rds" -d 'RDS instance: start, stop, status'
complete -c cruddur -n "__fish_cruddur_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c cruddur -n "__fish_cruddur_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load list-tables scan drop help" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load list-tables scan drop help" -l table -d 'DynamoDB table holding the messages' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load list-tables scan drop help" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load list-tables scan drop help" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load list-tables scan drop help" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load list-tables scan drop help" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load list-tables scan drop help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load list-tables scan drop help" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load list-tables scan drop help" -f -a "schema-load" -d 'Create the messages table (CreateTable), or report that it exists'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load list-tables scan drop help" -f -a "list-tables" -d 'List tables, every page (ListTables)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load list-tables scan drop help" -f -a "scan" -d 'Print every item of the table, page after page (Scan)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load list-tables scan drop help" -f -a "drop" -d 'Delete a table (DeleteTable); asks first with --prod'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and not __fish_seen_subcommand_from schema-load list-tables scan drop help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -l timeout -d 'Seconds to wait for the table to become ACTIVE' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -l table -d 'DynamoDB table holding the messages' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -l no-stream -d 'Create the table without a DynamoDB stream (needed by `ddb stream-sync` and the AWS stream Lambda)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -l recreate -d 'Drop the table first if it exists (asks with --prod)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -s y -l yes -d 'Do not ask for confirmation (needed with --prod when there is no terminal)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from schema-load" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -l page-size -d 'Tables asked for per ListTables request (1-100)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -l table -d 'DynamoDB table holding the messages' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from list-tables" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l limit -d 'Stop after this many items' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l segments -d 'Scan with N parallel segments (1-64); item order then mixes segments' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l page-size -d 'Items per Scan request (DynamoDB also stops a page at 1 MB)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l table -d 'DynamoDB table holding the messages' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l raw -l typed -d 'With --output json, print items in DynamoDB\'s typed form ({"S": "..."})'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from scan" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -l table -d 'DynamoDB table holding the messages' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -s y -l yes -d 'Do not ask for confirmation (needed with --prod when there is no terminal)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from drop" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from help" -f -a "schema-load" -d 'Create the messages table (CreateTable), or report that it exists'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from help" -f -a "list-tables" -d 'List tables, every page (ListTables)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from help" -f -a "scan" -d 'Print every item of the table, page after page (Scan)'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from help" -f -a "drop" -d 'Delete a table (DeleteTable); asks first with --prod'
complete -c cruddur -n "__fish_cruddur_using_subcommand ddb; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status help" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status help" -l table -d 'DynamoDB table holding the messages' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status help" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status help" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status help" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status help" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status help" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status help" -f -a "start" -d 'Start the instance (StartDBInstance); an available instance is left alone'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status help" -f -a "stop" -d 'Stop the instance (StopDBInstance); a stopped instance is left alone'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status help" -f -a "status" -d 'Show the instance\'s state, class, engine and endpoint (DescribeDBInstances)'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and not __fish_seen_subcommand_from start stop status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -l db-instance-identifier -d 'RDS DB instance identifier' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -l timeout -d 'Seconds to wait with --wait before giving up' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -l table -d 'DynamoDB table holding the messages' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -l wait -d 'Wait until the instance reaches the target state (available / stopped)'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from start" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -l db-instance-identifier -d 'RDS DB instance identifier' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -l timeout -d 'Seconds to wait with --wait before giving up' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -l table -d 'DynamoDB table holding the messages' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -l wait -d 'Wait until the instance reaches the target state (available / stopped)'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from stop" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -l db-instance-identifier -d 'RDS DB instance identifier' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -l table -d 'DynamoDB table holding the messages' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from help" -f -a "start" -d 'Start the instance (StartDBInstance); an available instance is left alone'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from help" -f -a "stop" -d 'Stop the instance (StopDBInstance); a stopped instance is left alone'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show the instance\'s state, class, engine and endpoint (DescribeDBInstances)'
complete -c cruddur -n "__fish_cruddur_using_subcommand rds; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -s o -l output -d 'Output format for data written to stdout' -r -f -a "table\t'Human-readable tables'
json\t'JSON, for scripts'"
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -l table -d 'DynamoDB table holding the messages' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -l region -d 'AWS region (default: us-east-1 locally, the AWS chain with --prod)' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -l endpoint-url -d 'DynamoDB endpoint (default: http://localhost:8000 locally, AWS with --prod); AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL are honoured when this is not given' -r
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -l prod -d 'Act on AWS and $PROD_CONNECTION_URL instead of the local services'
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -s v -l verbose -d 'Show details (the full error chain) on failure; repeat for more'
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cruddur -n "__fish_cruddur_using_subcommand completions" -s V -l version -d 'Print version'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and not __fish_seen_subcommand_from ddb rds completions help" -f -a "ddb" -d 'DynamoDB tables: create, seed, scan, drop, list'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and not __fish_seen_subcommand_from ddb rds completions help" -f -a "rds" -d 'RDS instance: start, stop, status'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and not __fish_seen_subcommand_from ddb rds completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and not __fish_seen_subcommand_from ddb rds completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from ddb" -f -a "schema-load" -d 'Create the messages table (CreateTable), or report that it exists'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from ddb" -f -a "list-tables" -d 'List tables, every page (ListTables)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from ddb" -f -a "scan" -d 'Print every item of the table, page after page (Scan)'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from ddb" -f -a "drop" -d 'Delete a table (DeleteTable); asks first with --prod'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from rds" -f -a "start" -d 'Start the instance (StartDBInstance); an available instance is left alone'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from rds" -f -a "stop" -d 'Stop the instance (StopDBInstance); a stopped instance is left alone'
complete -c cruddur -n "__fish_cruddur_using_subcommand help; and __fish_seen_subcommand_from rds" -f -a "status" -d 'Show the instance\'s state, class, engine and endpoint (DescribeDBInstances)'

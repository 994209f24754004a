"""Running a GraphQL request: endpoint, context, access, errors, execution, library seam."""
